package org.dtablecluster.node;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;
import org.dtablecluster.etcd.EtcdLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a registration and its loss: the claims learn whether they may claim, and the
 * state file keeps the lease and instance a crash restart takes back. Loop only.
 */
final class RegistrationEvents implements RegistrationKeeper.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationEvents.class);

    private final Optional<Claims> claims;
    private final Optional<NodeStateFile> stateFile;
    private final Registrar registrar;
    private final LastError errors;
    private final String logContext;

    RegistrationEvents(Optional<Claims> claims, Optional<NodeStateFile> stateFile, Registrar registrar,
            LastError errors, String logContext) {
        this.claims = requireNonNull(claims, "claims is null");
        this.stateFile = requireNonNull(stateFile, "stateFile is null");
        this.registrar = requireNonNull(registrar, "registrar is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.logContext = requireNonNull(logContext, "logContext is null");
    }

    @Override
    public void registered(EtcdLease lease, long revision, boolean adopted) {
        claims.ifPresent(c -> c.registered(lease, revision));
        stateFile.ifPresent(f -> {
            try {
                f.write(new NodeStateFile.Saved(lease.id(), registrar.instance()));
            } catch (IOException e) {
                errors.record("cannot write " + f.path() + ": " + e);
                LOG.warn("{} cannot write {} ({}): a crash restart will wait for the lease to expire", logContext,
                        f.path(), e.toString());
            }
        });
    }

    /** What the previous process left for a crash restart to take back. */
    Optional<NodeStateFile.Saved> saved() {
        return stateFile.flatMap(NodeStateFile::read);
    }

    /** After a graceful stop the lease is revoked: nothing to take back. */
    void closed() {
        stateFile.ifPresent(NodeStateFile::deleteQuietly);
    }

    @Override
    public void unregistered(String reason) {
        claims.ifPresent(Claims::unregistered);
    }
}
