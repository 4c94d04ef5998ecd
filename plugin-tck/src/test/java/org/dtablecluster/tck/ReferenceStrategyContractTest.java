package org.dtablecluster.tck;

import org.dtablecluster.spi.AssignmentStrategy;

/** The suite passes a strategy that keeps the contract. */
class ReferenceStrategyContractTest extends AssignmentStrategyContractTest {

    @Override
    protected AssignmentStrategy newStrategy() {
        return new ReferenceStrategy();
    }
}
