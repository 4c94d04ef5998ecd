package org.dtablecluster.monitor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtablecluster.monitor.RunPlanner.PlanningException;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.OperatorIntentAdapter;

/**
 * Asks a strategy for an assignment on a thread of its own, with a deadline, so that a plugin
 * cannot freeze the monitor's loop nor, by throwing an {@link Error}, end it: a strategy that
 * hangs or throws anything at all yields a {@link PlanningException}, the run writes nothing and
 * says why. A hung strategy's thread is interrupted and left to end (a daemon); its answer, if it
 * ever comes, is dropped.
 */
final class StrategyCall {

    private StrategyCall() {
    }

    static Assignment assign(AssignmentStrategy strategy, AssignmentRequest request, Duration timeout)
            throws PlanningException {
        CompletableFuture<Assignment> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                answer.complete(OperatorIntentAdapter.assign(strategy, request));
            } catch (Throwable t) { // errors included: a plugin's failure must reach the run's record
                answer.completeExceptionally(t);
            }
        }, "dtable-cluster-strategy-" + strategy.name());
        thread.setDaemon(true);
        thread.start();
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new PlanningException("strategy '" + strategy.name() + "' did not answer within "
                    + timeout.toSeconds() + " s (strategy_timeout_seconds)", e);
        } catch (ExecutionException e) {
            throw new PlanningException("strategy '" + strategy.name() + "' failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanningException("interrupted while strategy '" + strategy.name() + "' planned", e);
        }
    }
}
