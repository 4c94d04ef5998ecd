package org.dtablecluster.tck;

/** The suite's system properties, read and checked by name. */
final class SuiteProperties {

    private SuiteProperties() {
    }

    /** A long, decimal or hex with {@code 0x}; {@code fallback} when unset. */
    static long seed(String property, long fallback) {
        String value = System.getProperty(property);
        try {
            return value == null ? fallback : Long.decode(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    property + " must be a long (decimal or 0x hex), was '" + value + "'", e);
        }
    }

    /** A positive int; {@code fallback} when unset. */
    static int rounds(String property, int fallback) {
        String value = System.getProperty(property);
        try {
            int rounds = value == null ? fallback : Integer.parseInt(value.trim());
            if (rounds < 1) {
                throw new NumberFormatException("not positive");
            }
            return rounds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    property + " must be a positive integer, was '" + value + "'", e);
        }
    }
}
