package org.dtablecluster.etcd;

/** etcd refuses who we are: a wrong user or password, or a TLS handshake it or we reject. */
public final class EtcdAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EtcdAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
