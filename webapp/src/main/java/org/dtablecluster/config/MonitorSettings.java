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
 * @param autoRebalance {@code auto_rebalance}: whether the leader rebalances by itself once
 *     membership has been stable; false keeps SeaTable's manual {@code /rebalance/}
 * @param rebalanceHoldOff {@code rebalance_hold_off_seconds}: how long membership must have been
 *     stable before an automatic rebalance
 * @param maxMovesPerMinute {@code max_moves_per_minute}: the most buckets automatic rebalancing
 *     moves in any rolling minute
 */
public record MonitorSettings(
        Duration interval,
        Duration electionTtl,
        Duration reregisterGrace,
        String strategy,
        Map<String, String> strategyOptions,
        boolean autoRebalance,
        Duration rebalanceHoldOff,
        int maxMovesPerMinute,
        Duration strategyTimeout,
        int maxMovesPerRun) {

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
    public static final boolean AUTO_REBALANCE_DEFAULT = true;
    public static final int HOLD_OFF_MIN = 0;
    public static final int HOLD_OFF_MAX = 3600;
    public static final int HOLD_OFF_DEFAULT = 30;
    public static final int MAX_MOVES_MIN = 1;
    public static final int MAX_MOVES_MAX = 256;
    public static final int MAX_MOVES_DEFAULT = 64;
    public static final int STRATEGY_TIMEOUT_MIN = 1;
    public static final int STRATEGY_TIMEOUT_MAX = 600;
    public static final int STRATEGY_TIMEOUT_DEFAULT = 10;
    public static final int MAX_MOVES_PER_RUN_MIN = 1;
    public static final int MAX_MOVES_PER_RUN_MAX = 256;
    public static final int MAX_MOVES_PER_RUN_DEFAULT = 256;

    public MonitorSettings {
        check("monitor_interval_seconds", interval, INTERVAL_MIN, INTERVAL_MAX);
        check("monitor_election_ttl_seconds", electionTtl, ELECTION_TTL_MIN, ELECTION_TTL_MAX);
        check("monitor_reregister_grace_seconds", reregisterGrace, REREGISTER_GRACE_MIN, REREGISTER_GRACE_MAX);
        requireNonNull(strategy, "strategy is null");
        strategyOptions = Map.copyOf(requireNonNull(strategyOptions, "strategyOptions is null"));
        check("rebalance_hold_off_seconds", rebalanceHoldOff, HOLD_OFF_MIN, HOLD_OFF_MAX);
        if (maxMovesPerMinute < MAX_MOVES_MIN || maxMovesPerMinute > MAX_MOVES_MAX) {
            throw new IllegalArgumentException("max_moves_per_minute must be in [" + MAX_MOVES_MIN + ", "
                    + MAX_MOVES_MAX + "], was " + maxMovesPerMinute);
        }
        check("strategy_timeout_seconds", strategyTimeout, STRATEGY_TIMEOUT_MIN, STRATEGY_TIMEOUT_MAX);
        if (maxMovesPerRun < MAX_MOVES_PER_RUN_MIN || maxMovesPerRun > MAX_MOVES_PER_RUN_MAX) {
            throw new IllegalArgumentException("max_moves_per_run must be in [" + MAX_MOVES_PER_RUN_MIN + ", "
                    + MAX_MOVES_PER_RUN_MAX + "], was " + maxMovesPerRun);
        }
    }

    /** With the automatic rebalancing's defaults. */
    public MonitorSettings(Duration interval, Duration electionTtl, Duration reregisterGrace, String strategy,
            Map<String, String> strategyOptions) {
        this(interval, electionTtl, reregisterGrace, strategy, strategyOptions, AUTO_REBALANCE_DEFAULT,
                Duration.ofSeconds(HOLD_OFF_DEFAULT), MAX_MOVES_DEFAULT, Duration.ofSeconds(STRATEGY_TIMEOUT_DEFAULT),
                MAX_MOVES_PER_RUN_DEFAULT);
    }

    /** The same, with automatic rebalancing as given. */
    public MonitorSettings withAutoRebalance(boolean enabled, Duration holdOff, int maxMoves) {
        return new MonitorSettings(interval, electionTtl, reregisterGrace, strategy, strategyOptions, enabled, holdOff,
                maxMoves, strategyTimeout, maxMovesPerRun);
    }

    /** The same, with the strategy's deadline and the largest plan a run may apply as given. */
    public MonitorSettings withStrategyGuard(Duration timeout, int maxMoves) {
        return new MonitorSettings(interval, electionTtl, reregisterGrace, strategy, strategyOptions, autoRebalance,
                rebalanceHoldOff, maxMovesPerMinute, timeout, maxMoves);
    }

    private static void check(String key, Duration value, int minSeconds, int maxSeconds) {
        requireNonNull(value, key + " is null");
        if (value.compareTo(Duration.ofSeconds(minSeconds)) < 0 || value.compareTo(Duration.ofSeconds(maxSeconds)) > 0) {
            throw new IllegalArgumentException(key + " must be in [" + minSeconds + ", " + maxSeconds
                    + "] seconds, was " + value.toMillis() / 1000.0);
        }
    }
}
