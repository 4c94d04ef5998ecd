package org.dtablecluster.tck;

import java.util.function.BiConsumer;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.OperatorIntentAdapter;
import org.dtablecluster.spi.RunKind;
import org.opentest4j.AssertionFailedError;

/**
 * How {@link AssignmentStrategyContractTest} checks one answer: every contract check of
 * {@link ContractChecks} plus the suite's own {@code checkRound}, with failures that name the seed
 * and the round or scenario.
 */
final class SuiteChecks {

    private final AssignmentStrategyContractTest suite;

    SuiteChecks(AssignmentStrategyContractTest suite) {
        this.suite = suite;
    }

    /** Runs every check on one hand-made request, naming seed and scenario on failure. */
    void verify(String scenario, AssignmentRequest request,
            BiConsumer<AssignmentRequest, Assignment> scenarioCheck) {
        try {
            scenarioCheck.accept(request, check(suite.newStrategy(), request));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionFailedError(
                    failure("seed=" + suite.seed() + " round=- (" + scenario + ")", request, e), e);
        }
    }

    /** Every failure message of the suite starts with the seed, even where no round applies. */
    void inScenario(String scenario, Runnable check) {
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            String cause = e instanceof AssertionError ? e.getMessage() : e.toString();
            throw new AssertionFailedError(
                    "seed=" + suite.seed() + " round=- (" + scenario + "): " + cause, e);
        }
    }

    Assignment check(AssignmentStrategy strategy, AssignmentRequest request) {
        AssignmentRequest before = ContractChecks.copyOf(request);
        Assignment result = OperatorIntentAdapter.assign(strategy, request);
        ContractChecks.assertValid(request, result);
        if (request.kind() == RunKind.REBALANCE && suite.rebalanceSpread() >= 0) {
            ContractChecks.assertBalanced(request, result, suite.rebalanceSpread());
        }
        ContractChecks.assertDeterministic(strategy, suite.newStrategy(), request, result);
        ContractChecks.assertUnchanged(before, request);
        suite.checkRound(request, result);
        return result;
    }

    static String failure(String where, AssignmentRequest request, Throwable e) {
        String cause = e instanceof AssertionError ? e.getMessage() : e.toString();
        return where + ": " + cause + "\n  request: " + Requests.describe(request);
    }
}
