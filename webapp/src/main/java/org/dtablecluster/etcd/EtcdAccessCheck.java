package org.dtablecluster.etcd;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import java.security.GeneralSecurityException;
import org.dtablecluster.config.EtcdSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves credentials and TLS files against etcd once, at start-up, with a call that needs no key
 * permission (the member list). etcd's refusal becomes one message naming the keys to fix; an
 * etcd that is merely unreachable is left to the usual retries, since it may come up later.
 */
final class EtcdAccessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdAccessCheck.class);

    private EtcdAccessCheck() {
    }

    static void verify(Client client, EtcdSettings settings) {
        Duration wait = settings.connectTimeout().plusSeconds(5);
        try {
            client.getClusterClient().listMember().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String refusal = refusal(e.getCause(), settings);
            if (refusal != null) {
                throw new EtcdAccessException(refusal, e.getCause());
            }
            LOG.warn("[etcd={}] not reachable at start-up ({}); credentials and TLS are checked again on every retry",
                    settings.endpoints(), brief(e.getCause()));
        } catch (TimeoutException e) {
            LOG.warn("[etcd={}] no answer within {} s at start-up; continuing, calls are retried",
                    settings.endpoints(), wait.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking access to etcd", e);
        }
    }

    /** The message for a refusal by etcd, or null when {@code failure} is not one. */
    static String refusal(Throwable failure, EtcdSettings settings) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("authentication failed") || text.contains("invalid user id or password")
                    || text.contains("user name not found")) {
                return "etcd at " + settings.endpoints() + " refused user \"" + settings.user().orElse("")
                        + "\": authentication failed; check etcd_user and etcd_password";
            }
            if (text.contains("authentication is not enabled")) {
                return "etcd at " + settings.endpoints() + " has authentication disabled, so it refuses etcd_user"
                        + " \"" + settings.user().orElse("") + "\"; remove etcd_user and etcd_password, or enable"
                        + " it (etcdctl auth enable)";
            }
            if (t instanceof SSLException || t instanceof GeneralSecurityException) {
                return "TLS with etcd at " + settings.endpoints() + " failed: " + brief(t) + "; check that etcd_ca_file"
                        + " signed etcd's certificate (whose names must include the host in etcd_host_list) and that"
                        + " etcd trusts etcd_cert_file (its --trusted-ca-file)";
            }
        }
        return null;
    }

    private static String brief(Throwable t) {
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
