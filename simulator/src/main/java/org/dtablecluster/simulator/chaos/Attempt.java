package org.dtablecluster.simulator.chaos;

/**
 * One row append the chaos client tried.
 *
 * @param bucket the bucket of the base it wrote to
 * @param startMs when it was sent (epoch millis)
 * @param endMs when it was answered or given up
 * @param status the HTTP status, or 0 when there was no answer (see {@code error})
 * @param error {@code null}, or why there was no answer ({@code timeout}, {@code io})
 * @param seq the client's own key of the row, unique in a run
 * @param rowId the {@code _id} the server acknowledged, or {@code null}
 */
record Attempt(int bucket, long startMs, long endMs, int status, String error, String seq, String rowId) {

    boolean acked() {
        return rowId != null;
    }

    /** The status, or the reason there was none, as the table counts failures. */
    String outcome() {
        return status != 0 ? String.valueOf(status) : error;
    }
}
