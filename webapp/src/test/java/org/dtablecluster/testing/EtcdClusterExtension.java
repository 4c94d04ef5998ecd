package org.dtablecluster.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real etcd for JUnit 5 tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EtcdClusterExtension etcd = EtcdClusterExtension.builder().members(3).build();
 * }</pre>
 *
 * <p>In a {@code static} field the cluster is shared by the class: started before the first test,
 * killed and deleted after the last. Before each test, members a previous test stopped or killed
 * are started again, so tests do not depend on each other's faults; keys are not deleted (use
 * distinct keys, a key prefix, or {@link #deleteAllKeys()}). In an instance field each test gets
 * a fresh cluster. When a test fails, the tail of every member's log is printed to stderr.
 */
public final class EtcdClusterExtension extends EtcdCluster
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, TestWatcher {

    private boolean classScoped;

    private EtcdClusterExtension(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScoped = true;
        start(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (classScoped) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (classScoped) {
            startAll();
        } else {
            start(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.println("Test " + context.getDisplayName() + " failed; etcd logs follow\n" + logTails(15));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        // nothing to add: an aborted test says why
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // nothing to report
    }

    /** Configures an {@link EtcdClusterExtension}. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private Builder() {
        }

        public EtcdClusterExtension build() {
            return new EtcdClusterExtension(this);
        }
    }
}
