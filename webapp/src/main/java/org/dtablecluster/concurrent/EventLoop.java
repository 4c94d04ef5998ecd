package org.dtablecluster.concurrent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread on which a role (node agent, monitor, election) does all its work. Callbacks from
 * jetcd, HTTP and the view only hand tasks to it, so the role's state needs no locks and no
 * callback thread blocks. Every task is guarded: what it throws is logged (a periodic task would
 * otherwise die silently), and {@code afterEachTask} runs after it (a role publishes its status
 * there). Once shut down, new tasks are dropped: {@link #execute} and the schedule methods do
 * nothing and return {@code null}.
 */
public final class EventLoop implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final Runnable NOTHING = () -> { };

    private final ScheduledThreadPoolExecutor executor;
    private final String logContext;
    private final Runnable afterEachTask;
    private volatile Thread thread;

    public EventLoop(String threadName, String logContext) {
        this(threadName, logContext, NOTHING);
    }

    public EventLoop(String threadName, String logContext, Runnable afterEachTask) {
        requireNonNull(threadName, "threadName is null");
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

    /** Whether the calling thread is this loop's. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Hands {@code task} to the loop; dropped silently once the loop is shut down. */
    @Override
    public void execute(Runnable task) {
        submit(task);
    }

    /** As {@link #execute}; {@code null} once the loop is shut down. */
    public Future<?> submit(Runnable task) {
        try {
            return executor.submit(guarded(task));
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * For a result or exception the caller waits for; not guarded, the caller sees what it throws.
     *
     * @throws RejectedExecutionException when the loop is shut down
     */
    public <T> Future<T> call(Callable<T> task) {
        return executor.submit(() -> {
            try {
                return task.call();
            } finally {
                afterEachTask.run();
            }
        });
    }

    /**
     * Runs {@code task} on the loop and waits up to {@code timeout} for its result; directly when
     * already on the loop.
     *
     * @throws IllegalStateException when the loop is shut down, or the task fails or outlasts
     *     {@code timeout}; the message names {@code operation}
     */
    public <T> T callAndWait(String operation, Callable<T> task, Duration timeout) {
        try {
            if (inLoop()) {
                return task.call();
            }
            return call(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("cannot " + operation + ": " + logContext + " is closing", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(operation + " still in progress after " + timeout.toMillis()
                    + " ms (etcd slow or unreachable?); see the log", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(operation + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(operation + " interrupted", e);
        } catch (RuntimeException e) {
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException(operation + " failed: " + e, e);
        } catch (Exception e) {
            throw new IllegalStateException(operation + " failed: " + e, e);
        }
    }

    /** As {@link #callAndWait} for a task without a result; what it throws is logged, not rethrown, on the loop. */
    public void runAndWait(String operation, Runnable task, Duration timeout) {
        if (inLoop()) {
            guarded(task).run();
            return;
        }
        callAndWait(operation, () -> {
            task.run();
            return null;
        }, timeout);
    }

    /** {@code null} once the loop is shut down. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(guarded(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** {@code null} once the loop is shut down. */
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
        try {
            return executor.scheduleWithFixedDelay(guarded(task), initialDelay.toMillis(), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Lets queued tasks finish, drops scheduled ones, and waits up to {@code timeout}. */
    public void shutdown(Duration timeout) {
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
