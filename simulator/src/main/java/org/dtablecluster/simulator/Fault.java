package org.dtablecluster.simulator;

/**
 * A misbehaviour applied to every request outside {@code /_sim/}.
 *
 * @param delayMillis wait this long before answering (0: none); lets a proxy time out
 * @param status answer with this status and a JSON error instead of serving (0: serve normally)
 * @param close drop the connection without answering, as a crashing server would
 */
public record Fault(long delayMillis, int status, boolean close) {

    public static final Fault NONE = new Fault(0, 0, false);

    public Fault {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay_ms must be >= 0, was " + delayMillis);
        }
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 or in [100, 599], was " + status);
        }
    }

    public static Fault delay(long millis) {
        return new Fault(millis, 0, false);
    }

    public static Fault status(int status) {
        return new Fault(0, status, false);
    }

    public static Fault closeConnection() {
        return new Fault(0, 0, true);
    }
}
