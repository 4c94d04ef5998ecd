package org.dtablecluster.etcd;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The one place that takes apart what a future or jetcd threw, for decisions and for log lines. */
public final class Failures {

    private Failures() {
    }

    /** The cause under any {@link CompletionException} / {@link ExecutionException} wrapping. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** One line for a log or a status field: {@code ConnectException: Connection refused}. */
    public static String describe(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof TimeoutException && c.getMessage() == null) {
            return "timed out";
        }
        return c.getMessage() == null ? c.getClass().getSimpleName()
                : c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** Whether etcd said the lease does not exist (revoked or expired), wherever in the chain. */
    public static boolean isLeaseNotFound(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EtcdException e && e.getErrorCode() == ErrorCode.NOT_FOUND) {
                return true;
            }
            if (c.getMessage() != null && c.getMessage().contains("requested lease not found")) {
                return true;
            }
        }
        return false;
    }
}
