package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;

/** The newest problem an agent ran into, for its status. Written and read on the agent's loop. */
final class LastError {

    private final Clock clock;
    private String message;
    private Instant at;

    LastError(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    void record(String message) {
        this.message = requireNonNull(message, "message is null");
        this.at = clock.instant();
    }

    /** {@code null} when nothing went wrong yet. */
    String message() {
        return message;
    }

    Instant at() {
        return at;
    }
}
