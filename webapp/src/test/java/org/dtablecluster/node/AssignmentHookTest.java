package org.dtablecluster.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.concurrent.EventLoop;
import org.dtablecluster.testing.Poll;
import org.junit.jupiter.api.Test;

/** The hook keeps talking to its server after a failed call, whatever the wish was at the retry. */
class AssignmentHookTest {

    @Test
    void aRetryThatFindsNothingToSayLeavesTheNextPokeFreeToSend() throws Exception {
        EventLoop loop = new EventLoop("hook-test", "[test]");
        AtomicReference<AssignmentHook.Request> wish = new AtomicReference<>(
                new AssignmentHook.Request(new TreeSet<>(java.util.List.of(1, 2)), 10, 1_000));
        try (FakeDtableServer server = new FakeDtableServer()) {
            server.failNextHooks(1);
            AssignmentHook hook = new AssignmentHook("dtable-server-01", server.baseUrl().resolve(FakeDtableServer.HOOK_PATH),
                    HttpClient.newHttpClient(), Duration.ofSeconds(5), 3,
                    new Backoff(Duration.ofMillis(200), Duration.ofMillis(200), new Random(1)), loop, "[test]",
                    failure -> { }, wish::get, request -> { });
            loop.execute(() -> hook.poke(true));
            Poll.until(Duration.ofSeconds(10), () -> server.hookCalls().size() == 1, "the first call (refused with 500)");
            // a registration began meanwhile and no snapshot after it has arrived: nothing to say at the retry
            wish.set(null);
            Thread.sleep(600);
            assertTrue(server.hookCalls().size() == 1, "nothing was sent while the wish was null");

            wish.set(new AssignmentHook.Request(new TreeSet<>(java.util.List.of(3)), 12, 2_000));
            loop.execute(() -> hook.poke(false));
            Poll.until(Duration.ofSeconds(10), () -> server.hookCalls().size() == 2,
                    "the poke after the empty retry sends the new wish");
            assertTrue(server.hookCalls().get(1).body().contains("\"owned\":[3]"), server.hookCalls().get(1).body());
        } finally {
            loop.shutdown(Duration.ofSeconds(2));
        }
    }
}
