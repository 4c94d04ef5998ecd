package org.dtablecluster.admin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the admin port asks for a password, decided once at start-up from the realm file the
 * container authenticates against ({@code etc/dtable-cluster-realm.properties}, configured in
 * {@code webapps/dtable-cluster.xml}):
 *
 * <ul>
 *   <li><b>open</b>: the file has no user (as shipped), or no realm is configured. The seed's
 *       {@code curl -X POST http://proxy:5555/rebalance/} works without credentials, and so do
 *       Jolokia reads. Jolokia {@code exec} and {@code write} are refused (401): they always need
 *       an admin, and there is none.</li>
 *   <li><b>protected</b>: the file has at least one user. Every admin write
 *       ({@code POST /rebalance/}, Jolokia {@code exec}/{@code write}) and everything under
 *       {@code /jolokia/} needs a user with the role {@value #ADMIN_ROLE} (BASIC auth); the
 *       page, {@code /status} and {@code /bases/} stay open.</li>
 * </ul>
 *
 * The realm file's path comes from the servlet context init parameter {@value #REALM_PARAMETER}
 * (the context XML sets it to the same file it gives the login service), else the system property
 * of the same name.
 */
final class AdminAccess {

    /** The role that may change things. */
    static final String ADMIN_ROLE = "dtable-cluster-admin";
    /** The BASIC realm name; the login service in the context XML has the same name. */
    static final String REALM_NAME = "dtable-cluster";
    static final String REALM_PARAMETER = "dtable.cluster.admin.realm";

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);

    private final Optional<RealmFile> realm;

    private AdminAccess(Optional<RealmFile> realm) {
        this.realm = requireNonNull(realm, "realm is null");
    }

    /** No realm: open. */
    static AdminAccess open() {
        return new AdminAccess(Optional.empty());
    }

    static AdminAccess of(RealmFile realm) {
        return new AdminAccess(Optional.of(realm));
    }

    /**
     * Reads the realm named by {@code contextParameter} (the servlet context's init parameters),
     * else the system property, and logs the mode chosen.
     *
     * @throws java.io.UncheckedIOException when a realm is named but cannot be read
     */
    static AdminAccess load(UnaryOperator<String> contextParameter) {
        String path = contextParameter.apply(REALM_PARAMETER);
        if (path == null || path.isBlank()) {
            path = System.getProperty(REALM_PARAMETER);
        }
        if (path == null || path.isBlank()) {
            LOG.info("[admin] no admin realm configured ({}): the admin port is open; Jolokia exec is refused",
                    REALM_PARAMETER);
            return open();
        }
        Path file = Path.of(path.trim());
        AdminAccess access = of(RealmFile.read(file));
        access.log();
        access.readableByOthersWarning(file).ifPresent(LOG::warn);
        return access;
    }

    private void log() {
        RealmFile r = realm.orElseThrow();
        if (!r.hasUsers()) {
            LOG.info("[admin] {} has no user: the admin port is open (POST /rebalance/ needs no password);"
                    + " Jolokia exec is refused until an admin user is added", r.source());
        } else if (r.usersWith(ADMIN_ROLE).isEmpty()) {
            LOG.warn("[admin] {} has users but none with role {}: every admin write is refused", r.source(),
                    ADMIN_ROLE);
        } else {
            LOG.info("[admin] {} has admin users {}: admin writes and /jolokia/ need their password", r.source(),
                    r.usersWith(ADMIN_ROLE));
        }
    }

    /** The warning for a realm file with users that every local account may read, if it is one. */
    Optional<String> readableByOthersWarning(Path file) {
        if (!isProtected() || !RealmFile.othersCanRead(file)) {
            return Optional.empty();
        }
        return Optional.of("[admin] " + file + " holds admin passwords and every local user may read it;"
                + " restrict it: chmod 640 " + file + " (owner and Jetty's group)");
    }

    /** True when an admin password is configured: the realm has a user. */
    boolean isProtected() {
        return realm.map(RealmFile::hasUsers).orElse(false);
    }

    /** Where the users come from, for messages. */
    String realmSource() {
        return realm.map(RealmFile::source).orElse("(no realm configured: " + REALM_PARAMETER + ")");
    }
}
