package org.dtablecluster.simulator.chaos;

/** One event of a run, from when its first step began until the next event began. */
record ChaosWindow(String event, long startMs, long endMs) {

    boolean contains(long ms) {
        return ms >= startMs && ms < endMs;
    }
}
