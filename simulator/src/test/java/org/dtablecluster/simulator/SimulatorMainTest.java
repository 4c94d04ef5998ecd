package org.dtablecluster.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorMainTest {

    @Test
    void defaultsAreADtableServerOnLoopback() {
        assertEquals(new SimulatorMain.Options(5000, "dtable-server-01", "127.0.0.1", null, false), SimulatorMain.parse(List.of()));
    }

    @Test
    void optionsAreRead() {
        assertEquals(new SimulatorMain.Options(0, "dtable-server-07", "0.0.0.0", Path.of("/tmp/s"), true),
                SimulatorMain.parse(List.of("--node-id", "dtable-server-07", "--port", "0", "--bind", "0.0.0.0",
                        "--serve-all-buckets", "--storage-dir", "/tmp/s")));
    }

    @Test
    void badArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(List.of("--port", "70000")))
                .getMessage().contains("--port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(List.of("--port")))
                .getMessage().contains("--port needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(List.of("--colour", "red")))
                .getMessage().contains("--colour"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(List.of("--node-id", "a/b")))
                .getMessage().contains("--node-id"));
    }

    @Test
    void runsAsAProcessAndTellsItsAddress(@TempDir Path storage) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SimulatorMain.class.getName(), "--port", "0", "--node-id", "dtable-server-09",
                "--storage-dir", storage.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("dtable-server simulator")) {
                // Jetty's own start-up log lines come first
            }
            assertTrue(line != null, "the process never announced its address");
            URI uri = URI.create(line.substring(line.indexOf("http://")));
            var pong = SimulatorHttp.get(uri, "/ping/");
            assertEquals("pong", pong.body());
            assertEquals("dtable-server-09", pong.headers().firstValue(DtableServerSimulator.NODE_HEADER).orElse(null));
            // without --serve-all-buckets it serves no base until its hook gives it the bucket
            assertEquals(421, SimulatorHttp.get(uri, "/dtables/" + "07000000-0000-0000-0000-000000000001").statusCode());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        }
    }
}
