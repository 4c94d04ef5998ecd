package org.dtablecluster.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dtablecluster.spi.Assignment;
import org.dtablecluster.spi.AssignmentRequest;
import org.dtablecluster.spi.AssignmentStrategy;
import org.dtablecluster.spi.RunKind;

/**
 * An example plugin, {@value #NAME}: every bucket goes to one of the alphabetically first
 * {@code nodes} live nodes, dealt round-robin ({@code bucket % k}). Think "keep the bases on the
 * big machines, whose ids sort first"; mostly it shows what a plugin needs:
 *
 * <ul>
 *   <li>a public class with a public no-argument constructor, implementing
 *       {@link AssignmentStrategy}, listed in
 *       {@code META-INF/services/org.dtablecluster.spi.AssignmentStrategy};
 *   <li>a unique {@link #name()}: what operators put in {@code assignment_strategy};
 *   <li>{@link #validateOptions}, so a bad {@code strategy_options} stops start-up with a message
 *       naming the option, instead of failing at the first monitor run;
 *   <li>an {@link #assign} that is a pure function of the request and keeps the contract: every
 *       bucket gets a live owner, a {@link RunKind#REPAIR} moves only buckets without a live
 *       owner, and equal requests give equal answers;
 *   <li>drains and pins: {@link #honoursOperatorIntent()} says this strategy handles them itself.
 *       It chooses among {@link AssignmentRequest#eligibleNodes()} (live nodes that are not
 *       drained), puts every bucket with a {@link AssignmentRequest#pinnedOwner} there, and in a
 *       repair keeps only {@link AssignmentRequest#stayingOwner}s. A plugin that leaves
 *       {@code honoursOperatorIntent()} at its default is still run correctly: the monitor asks
 *       it without the drained nodes and then moves pinned buckets to their pins.
 * </ul>
 *
 * <p>Options (from {@code strategy_options}; values always arrive as text, so the JSON number
 * {@code 2} arrives as {@code "2"}):
 * <ul>
 *   <li>{@code nodes}: how many of the first live nodes hold buckets, 1 to 1000; default 1.
 *       With fewer live nodes than that, all of them do.
 * </ul>
 */
public final class FirstNodesStrategy implements AssignmentStrategy {

    /** The name operators configure. */
    public static final String NAME = "example-first-nodes";

    /** The one option this strategy knows. */
    public static final String NODES = "nodes";

    private static final int MAX_NODES = 1000;

    // A plugin needs a public no-argument constructor: ServiceLoader calls it. Keep it cheap and
    // free of I/O; the monitor creates the plugin once and calls it from its own thread.
    public FirstNodesStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "example plugin: every bucket on the alphabetically first '" + NODES + "' live nodes";
    }

    /**
     * Called once at start-up with {@code strategy_options}. Throwing
     * {@link IllegalArgumentException} stops the WAR, and the monitor shows the message as
     * written, so name the option, what was expected and what was given.
     */
    @Override
    public boolean honoursOperatorIntent() {
        return true;
    }

    @Override
    public void validateOptions(Map<String, String> options) {
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.remove(NODES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(NAME + " knows only the option '" + NODES + "', but got "
                    + unknown + "; remove them from strategy_options");
        }
        nodes(options);
    }

    @Override
    public Assignment assign(AssignmentRequest request) {
        // eligibleNodes() is sorted by node id and never empty, so "the first k" is well defined.
        List<String> eligible = new ArrayList<>(request.eligibleNodes().keySet());
        List<String> chosen = eligible.subList(0, Math.min(nodes(request.options()), eligible.size()));
        // Start from the current owners: a repair must leave every staying owner in place.
        Assignment.Builder owners = request.current().toBuilder();
        for (int b = 0; b < request.bucketCount(); b++) {
            String pin = request.pinnedOwner(b).orElse(null);
            if (pin != null) {
                owners.set(b, pin);
            } else if (request.kind() == RunKind.REBALANCE || request.stayingOwner(b).isEmpty()) {
                owners.set(b, chosen.get(b % chosen.size()));
            }
        }
        return owners.build();
    }

    /** The option {@code nodes}, parsed; validateOptions has accepted it, but parse defensively. */
    private static int nodes(Map<String, String> options) {
        String value = options.get(NODES);
        if (value == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_NODES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(NAME + ": option '" + NODES + "' must be a whole number from 1 to "
                + MAX_NODES + ", was '" + value + "'");
    }
}
