package org.dtablecluster.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.dtablecluster.config.EtcdSettings;
import org.dtablecluster.config.EtcdTls;

/**
 * Builds jetcd clients from {@link EtcdSettings}, and converts keys and values.
 *
 * <p>Things every user of the client must know (jetcd 0.8.7):
 * <ul>
 *   <li>Completion callbacks and watch listeners run on gRPC executor threads. Never block in
 *       them (no {@code get()}, no etcd call waited on): hand the work to an executor of your
 *       own ({@code whenCompleteAsync(..., executor)}).
 *   <li>Calls fail fast with {@code UNAVAILABLE} while no endpoint can be reached
 *       ({@code waitForReady(false)}), instead of queueing until etcd returns: callers see the
 *       outage and retry on their own schedule, and a call abandoned by its caller's timeout
 *       cannot complete much later behind its back (a lease granted then would leak).
 *   <li>The caller owns the client and closes it; closing it stops its threads.
 * </ul>
 */
public final class EtcdClients {

    /** How often gRPC pings an idle connection; etcd refuses pings more often than every 5 s. */
    static final Duration KEEPALIVE_TIME = Duration.ofSeconds(15);
    /** How long a ping may go unanswered before the connection counts as dead. */
    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);

    private EtcdClients() {
    }

    /**
     * A client for {@code settings}. When they carry credentials or TLS files, one call proves
     * them first ({@link EtcdAccessCheck}): a wrong password or a refused certificate stops
     * start-up with one message instead of failing every later call.
     *
     * @throws EtcdAccessException when etcd refuses the credentials or the TLS handshake
     */
    public static Client create(EtcdSettings settings) {
        Client client = builder(settings).build();
        if (settings.user().isPresent() || settings.tls().isConfigured()) {
            try {
                EtcdAccessCheck.verify(client, settings);
            } catch (RuntimeException | Error e) {
                client.close();
                throw e;
            }
        }
        return client;
    }

    /** A builder set up from {@code settings}, for callers that need to add to it. */
    public static ClientBuilder builder(EtcdSettings settings) {
        List<URI> endpoints = settings.endpoints();
        Set<String> schemes = endpoints.stream()
                .map(u -> u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (!Set.of("http").containsAll(schemes) && !Set.of("https").containsAll(schemes)) {
            throw new IllegalArgumentException("etcd endpoints must all be http:// or all https://, were " + endpoints);
        }
        if (settings.user().isPresent() != settings.password().isPresent()) {
            throw new IllegalArgumentException("etcd user and password must be set together");
        }
        ClientBuilder b = Client.builder()
                .target(target(endpoints))
                .connectTimeout(settings.connectTimeout())
                .keepaliveTime(KEEPALIVE_TIME)
                .keepaliveTimeout(KEEPALIVE_TIMEOUT)
                .waitForReady(false);
        settings.user().ifPresent(u -> b.user(bytes(u)));
        settings.password().ifPresent(p -> b.password(bytes(p)));
        if (schemes.contains("https")) {
            EtcdTls tls = settings.tls();
            try {
                b.sslContext(ssl -> {
                    tls.caFile().ifPresent(ca -> ssl.trustManager(ca.toFile())); // else the JVM's trust store
                    tls.certFile().ifPresent(cert -> ssl.keyManager(cert.toFile(), tls.keyFile().orElseThrow().toFile()));
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw new EtcdAccessException("cannot set up TLS for etcd from " + tls + ": " + e.getMessage(), e);
            }
        }
        return b;
    }

    /**
     * jetcd's {@code ip:///host:port,...} target, built from the authorities: jetcd's own
     * {@code endpoints(URI...)} needs {@link URI#getHost()}, which is null for names with
     * {@code _} such as docker-compose's {@code etcd_1}.
     */
    static String target(List<URI> endpoints) {
        return "ip:///" + endpoints.stream().map(EtcdClients::hostAndPort).distinct().collect(Collectors.joining(","));
    }

    private static String hostAndPort(URI endpoint) {
        String authority = endpoint.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("etcd endpoint " + endpoint + " has no host");
        }
        return authority.lastIndexOf(':') > authority.lastIndexOf(']') ? authority : authority + ":" + port(endpoint);
    }

    /** The port of an endpoint, also for an authority {@link URI#getPort()} cannot parse; 2379 when absent. */
    public static int port(URI endpoint) {
        if (endpoint.getPort() > 0) {
            return endpoint.getPort();
        }
        String authority = String.valueOf(endpoint.getRawAuthority());
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? Integer.parseInt(authority.substring(colon + 1)) : 2379;
    }

    public static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }

    public static String string(ByteSequence b) {
        return b.toString(UTF_8);
    }
}
