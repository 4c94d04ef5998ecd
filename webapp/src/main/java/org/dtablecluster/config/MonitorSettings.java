package org.dtablecluster.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * The monitor role.
 *
 * @param interval {@code monitor_interval_seconds}: the safety-net repair run
 * @param electionTtl {@code monitor_election_ttl_seconds}: the lease behind the leadership; a
 *     dead leader is replaced after about this long
 * @param reregisterGrace {@code monitor_reregister_grace_seconds}: after the leader (re)gains
 *     etcd, how long it waits for nodes to register again before it repairs their buckets
 * @param strategy {@code assignment_strategy}
 * @param strategyOptions {@code strategy_options}
 */
public record MonitorSettings(
        Duration interval,
        Duration electionTtl,
        Duration reregisterGrace,
        String strategy,
        Map<String, String> strategyOptions) {

    public MonitorSettings {
        requireNonNull(interval, "interval is null");
        requireNonNull(electionTtl, "electionTtl is null");
        requireNonNull(reregisterGrace, "reregisterGrace is null");
        requireNonNull(strategy, "strategy is null");
        strategyOptions = Map.copyOf(requireNonNull(strategyOptions, "strategyOptions is null"));
    }
}
