package org.dtablecluster.monitor;

import java.util.concurrent.atomic.AtomicReference;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.strategy.sticky.StickyBalancedStrategy;

/** Strategies for tests: service-loadable ones (public, no-argument) and a switchable one. */
public final class TestStrategies {

    private TestStrategies() {
    }

    /** One of two plugins that claim the same name. */
    public static final class DuplicateA implements AssignmentStrategy {
        @Override
        public String name() {
            return "duplicate";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    /** The other. */
    public static final class DuplicateB implements AssignmentStrategy {
        @Override
        public String name() {
            return "duplicate";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    /** A plugin that cannot even be created. */
    public static final class Unloadable implements AssignmentStrategy {
        public Unloadable() {
            throw new IllegalStateException("missing native library");
        }

        @Override
        public String name() {
            return "unloadable";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    /** Behaves like sticky-balanced until a test tells it to misbehave. */
    static final class Switchable implements AssignmentStrategy {
        enum Mode { GOOD, THROW, INVALID, HANG, ERROR }

        private final AssignmentStrategy good = new StickyBalancedStrategy();
        private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.GOOD);

        void set(Mode m) {
            mode.set(m);
        }

        @Override
        public String name() {
            return "switchable";
        }

        @Override
        public Assignment assign(AssignmentRequest request) {
            return switch (mode.get()) {
                case GOOD -> good.assign(request);
                case THROW -> throw new IllegalStateException("boom in the strategy");
                case ERROR -> throw new AssertionError("a bug in the strategy");
                case HANG -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield good.assign(request);
                }
                // every bucket to a node that is not live: breaks the contract
                case INVALID -> {
                    Assignment.Builder b = Assignment.builder(request.bucketCount());
                    for (int i = 0; i < request.bucketCount(); i++) {
                        b.set(i, "dtable-server-ghost");
                    }
                    yield b.build();
                }
            };
        }
    }
}
