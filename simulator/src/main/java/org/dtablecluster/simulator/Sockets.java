package org.dtablecluster.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** The open WebSocket sessions, by bucket, so a release can close a bucket's sockets. */
final class Sockets {

    /** "Service restart": the client should reconnect, and will reach the bucket's next owner. */
    static final int RELEASED = 1012;

    private final Map<Integer, Set<Session>> byBucket = new HashMap<>();
    private final BucketGate[] gates;

    Sockets(BucketGate[] gates) {
        this.gates = gates;
    }

    /**
     * Registers a session that has just opened; {@code false} (and the session is closed) when
     * its bucket was released meanwhile. The gate is checked under this lock, which a release
     * also takes after closing the gate, so no socket survives a release.
     */
    synchronized boolean add(int bucket, Session session) {
        if (!gates[bucket].isOpen()) {
            session.close(RELEASED, "bucket released", Callback.NOOP);
            return false;
        }
        byBucket.computeIfAbsent(bucket, b -> new HashSet<>()).add(session);
        return true;
    }

    synchronized void remove(int bucket, Session session) {
        Set<Session> set = byBucket.get(bucket);
        if (set != null) {
            set.remove(session);
        }
    }

    /** Closes every socket of {@code bucket} with {@value #RELEASED}; returns how many. */
    int closeBucket(int bucket, String reason) {
        List<Session> closing;
        synchronized (this) {
            Set<Session> set = byBucket.remove(bucket);
            closing = set == null ? List.of() : new ArrayList<>(set);
        }
        closing.forEach(s -> s.close(RELEASED, reason, Callback.NOOP));
        return closing.size();
    }

    synchronized int count() {
        return byBucket.values().stream().mapToInt(Set::size).sum();
    }
}
