package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.dtablecluster.concurrent.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the registration up only after the dtable-server released everything (OWNERSHIP.md: a
 * graceful stop, a leave, failed health checks): the hook is told {@code owned = []} first, and
 * the lease is revoked once the server confirmed or its last {@code valid_until_ms} passed. The
 * wait never blocks the loop; callers off the loop wait on the returned future.
 */
final class ReleaseFirst {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseFirst.class);

    private final Optional<Claims> claims;
    private final RegistrationKeeper keeper;
    private final EventLoop loop;
    private final BooleanSupplier wanted;
    private final String logContext;

    ReleaseFirst(Optional<Claims> claims, RegistrationKeeper keeper, EventLoop loop, BooleanSupplier wanted,
            String logContext) {
        this.claims = requireNonNull(claims, "claims is null");
        this.keeper = requireNonNull(keeper, "keeper is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.wanted = requireNonNull(wanted, "wanted is null");
        this.logContext = requireNonNull(logContext, "logContext is null");
    }

    /** Registers, or releases and then revokes, so that etcd matches what is wanted. Loop only. */
    CompletableFuture<Void> reconcile(String reasonIfUnwanted) {
        claims.ifPresent(Claims::wantedChanged);
        if (wanted.getAsBoolean() || keeper.leaseId() == 0 || claims.isEmpty()) {
            keeper.reconcile(reasonIfUnwanted);
            return CompletableFuture.completedFuture(null);
        }
        return releaseAll().thenRunAsync(() -> keeper.reconcile(reasonIfUnwanted), loop);
    }

    /** Completes once the server serves nothing (at once without a hook). Loop only. */
    CompletableFuture<Void> releaseAll() {
        return claims.map(Claims::releaseAll).orElse(CompletableFuture.completedFuture(null));
    }

    /** Waits off the loop, at most {@code bound}, for {@code released}; logs what went wrong. */
    void await(CompletableFuture<Void> released, Duration bound, String operation) {
        try {
            released.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} {}: the release did not finish cleanly: {}", logContext, operation, e.toString());
        }
    }
}
