package org.dtablecluster.node;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Random;

/**
 * Who registered a key: {@code host/pid/random}. Stored as the registration's {@code instance}
 * field so a node can tell its own registration (left over after a lost lease: safe to replace)
 * from another process's (never replaced), and so an operator reading the refusal can find the
 * other process. The random part tells apart two agents in one JVM, and a restarted process
 * that got the same pid.
 */
final class InstanceId {

    /** The registration field that carries it. */
    static final String FIELD = "instance";

    private InstanceId() {
    }

    static String generate(Random random) {
        byte[] nonce = new byte[4];
        random.nextBytes(nonce);
        return hostName() + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(nonce);
    }

    private static String hostName() {
        // HOSTNAME first: getLocalHost() can wait on DNS for seconds on a badly set up host
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
