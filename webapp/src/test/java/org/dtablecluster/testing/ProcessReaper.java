package org.dtablecluster.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure no etcd outlives the test JVM: a shutdown hook kills what is still registered, and
 * a small shell watchdog per process kills it when the JVM disappears without running its hooks
 * (surefire killing a forked JVM, {@code kill -9}).
 */
final class ProcessReaper {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private ProcessReaper() {
    }

    static void register(Process process) {
        installHook();
        LIVE.add(process);
    }

    static void forget(Process process) {
        LIVE.remove(process);
    }

    /**
     * Starts {@code sh} polling once a second: it exits when the process exits, and once this JVM
     * is gone it kills the process with SIGKILL and deletes {@code dataDir} (and its parent, if
     * that is then empty). It only ever kills the one pid it was given, and only while that pid
     * is still an {@code etcd}.
     */
    static Process startWatchdog(Process process, Path dataDir) throws IOException {
        long jvm = ProcessHandle.current().pid();
        long pid = process.pid();
        String dir = quote(dataDir.toAbsolutePath().toString());
        String parent = quote(dataDir.toAbsolutePath().getParent().toString());
        String script = "while kill -0 " + jvm + " 2>/dev/null; do"
                + " kill -0 " + pid + " 2>/dev/null || exit 0; sleep 1; done;"
                + " if [ \"$(cat /proc/" + pid + "/comm 2>/dev/null)\" = etcd ]; then kill -9 " + pid + "; sleep 0.2;"
                + " rm -rf " + dir + "; rmdir " + parent + " 2>/dev/null; fi; exit 0";
        Process watchdog = new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        register(watchdog);
        process.onExit().thenRun(() -> {
            watchdog.destroyForcibly();
            forget(watchdog);
        });
        return watchdog;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }, "etcd-reaper"));
        hookInstalled = true;
    }
}
