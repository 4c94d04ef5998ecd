package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a node agent does all its work. Callbacks from jetcd, HTTP and the
 * view only hand tasks to it, so the agent's state needs no locks and no callback thread blocks.
 * Every task is guarded: what it throws is logged (a periodic task would otherwise die
 * silently), and {@code afterEachTask} runs after it (the agent publishes its status there).
 */
final class AgentLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private final String logContext;
    private final Runnable afterEachTask;
    private volatile Thread thread;

    AgentLoop(String threadName, String logContext, Runnable afterEachTask) {
        this.logContext = requireNonNull(logContext, "logContext is null");
        this.afterEachTask = requireNonNull(afterEachTask, "afterEachTask is null");
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        // a retry or probe scheduled for later must not hold up shutdown
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Hands {@code task} to the loop; dropped silently once the loop is shut down. */
    void execute(Runnable task) {
        submit(task);
    }

    /** As {@link #execute}; {@code null} once the loop is shut down. */
    Future<?> submit(Runnable task) {
        try {
            return executor.submit(guarded(task));
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** For a result or exception the caller waits for; not guarded, the caller sees what it throws. */
    <T> Future<T> call(Callable<T> task) {
        return executor.submit(() -> {
            try {
                return task.call();
            } finally {
                afterEachTask.run();
            }
        });
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return executor.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        return executor.scheduleWithFixedDelay(guarded(task), initialDelay.toMillis(), delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} on the loop and waits for it; directly when already on the loop.
     *
     * @throws IllegalStateException when the loop is shut down, or the task fails or outlasts
     *     {@code timeout}
     */
    void runAndWait(String operation, Runnable task, Duration timeout) {
        if (inLoop()) {
            guarded(task).run();
            return;
        }
        Future<?> done;
        try {
            done = executor.submit(() -> {
                try {
                    task.run();
                } finally {
                    afterEachTask.run();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("cannot " + operation + ": the node agent is closing");
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(operation + " still in progress after " + timeout.toMillis()
                    + " ms (etcd slow or unreachable?); see the log");
        } catch (ExecutionException e) {
            throw new IllegalStateException(operation + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(operation + " interrupted", e);
        }
    }

    /** Lets queued tasks finish, drops scheduled ones, and waits up to {@code timeout}. */
    void shutdown(Duration timeout) {
        executor.shutdown();
        if (inLoop()) {
            return;
        }
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("{} unexpected error", logContext, e);
            } finally {
                afterEachTask.run();
            }
        };
    }
}
