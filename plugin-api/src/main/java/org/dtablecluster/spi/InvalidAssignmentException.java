package org.dtablecluster.spi;

/** A strategy returned an assignment that breaks the contract of {@link AssignmentStrategy}. */
public class InvalidAssignmentException extends RuntimeException {

    public InvalidAssignmentException(String message) {
        super(message);
    }
}
