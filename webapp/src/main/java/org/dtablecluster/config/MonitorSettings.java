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

    /** The one statement of each bound, in seconds: the file's parser and this constructor read them. */
    public static final int INTERVAL_MIN = 1;
    public static final int INTERVAL_MAX = 3600;
    public static final int INTERVAL_DEFAULT = 30;
    public static final int ELECTION_TTL_MIN = 5;
    public static final int ELECTION_TTL_MAX = 300;
    public static final int ELECTION_TTL_DEFAULT = 15;
    public static final int REREGISTER_GRACE_MIN = 0;
    public static final int REREGISTER_GRACE_MAX = 3600;
    public static final int REREGISTER_GRACE_DEFAULT = 30;

    public MonitorSettings {
        check("monitor_interval_seconds", interval, INTERVAL_MIN, INTERVAL_MAX);
        check("monitor_election_ttl_seconds", electionTtl, ELECTION_TTL_MIN, ELECTION_TTL_MAX);
        check("monitor_reregister_grace_seconds", reregisterGrace, REREGISTER_GRACE_MIN, REREGISTER_GRACE_MAX);
        requireNonNull(strategy, "strategy is null");
        strategyOptions = Map.copyOf(requireNonNull(strategyOptions, "strategyOptions is null"));
    }

    private static void check(String key, Duration value, int minSeconds, int maxSeconds) {
        requireNonNull(value, key + " is null");
        if (value.compareTo(Duration.ofSeconds(minSeconds)) < 0 || value.compareTo(Duration.ofSeconds(maxSeconds)) > 0) {
            throw new IllegalArgumentException(key + " must be in [" + minSeconds + ", " + maxSeconds
                    + "] seconds, was " + value.toMillis() / 1000.0);
        }
    }
}
