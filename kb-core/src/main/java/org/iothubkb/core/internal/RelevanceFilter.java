package org.iothubkb.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.drools.base.base.ClassObjectType;
import org.drools.base.base.ObjectType;
import org.drools.base.base.ValueResolver;
import org.drools.base.rule.constraint.AlphaNodeFieldConstraint;
import org.drools.core.common.DefaultFactHandle;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.EntryPointNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectTypeNode;
import org.iothubkb.core.api.LogEvent;
import org.kie.api.KieBase;

/**
 * Says whether any rule of a knowledge base could ever match an event, by running the event through the alpha
 * network Drools compiled from the rules: the per-pattern tests that look at one fact alone ({@code errorCode ==
 * "404104"}, {@code category == "Connections"}, {@code durationMs != null} …).
 *
 * <p>An event that fails every alpha path of every pattern that can bind a {@link LogEvent} could never join,
 * block, accumulate or fire anything, so inserting it would only cost time and memory until it expires. A path
 * that reaches anything other than another alpha test (a join, a {@code not}, a window, a rule with no test on the
 * event at all) counts as a match, so the filter only ever errs on the side of inserting. Because it is derived
 * from the compiled rules, user rule files and rule packs widen it by themselves; nothing is listed by hand.
 *
 * <p>One filter per knowledge base; {@link #relevant} is called from one session's thread at a time with that
 * session as the resolver of globals.
 */
final class RelevanceFilter {

    /** One alpha test and what lies behind it. */
    private record Node(AlphaNodeFieldConstraint constraint, Node[] next, boolean reachesBeyond) {
    }

    /** Whether any event at all could match without passing a test: then there is nothing to filter. */
    private final boolean everything;
    private final Node[] roots;

    private RelevanceFilter(boolean everything, Node[] roots) {
        this.everything = everything;
        this.roots = roots;
    }

    /** The filter of {@code kieBase}; one that lets everything through if its network cannot be read. */
    static RelevanceFilter of(KieBase kieBase) {
        try {
            InternalRuleBase base = (InternalRuleBase) kieBase;
            List<Node> roots = new ArrayList<>();
            boolean everything = false;
            for (EntryPointNode entry : base.getRete().getEntryPointNodes().values()) {
                for (ObjectTypeNode otn : entry.getObjectTypeNodes().values()) {
                    ObjectType type = otn.getObjectType();
                    if (!(type instanceof ClassObjectType) || !((ClassObjectType) type).isAssignableFrom(
                            LogEvent.class)) {
                        continue;
                    }
                    Node root = node(null, otn.getObjectSinkPropagator().getSinks());
                    everything |= root.reachesBeyond;
                    roots.addAll(List.of(root.next));
                }
            }
            return new RelevanceFilter(everything, roots.toArray(new Node[0]));
        } catch (RuntimeException | LinkageError e) {
            // A Drools whose network looks different: insert everything, as before this filter existed.
            return new RelevanceFilter(true, new Node[0]);
        }
    }

    private static Node node(AlphaNodeFieldConstraint constraint, ObjectSink[] sinks) {
        List<Node> next = new ArrayList<>();
        boolean beyond = false;
        for (ObjectSink sink : sinks) {
            if (sink instanceof AlphaNode) {
                AlphaNode alpha = (AlphaNode) sink;
                next.add(node(alpha.getConstraint(), alpha.getObjectSinkPropagator().getSinks()));
            } else {
                beyond = true;
            }
        }
        return new Node(constraint, next.toArray(new Node[0]), beyond);
    }

    /** Whether this filter lets every event through. */
    boolean passesEverything() {
        return everything;
    }

    /**
     * Whether some pattern's alpha tests all accept {@code event}.
     *
     * @param handle   a scratch handle owned by the caller, re-pointed at {@code event}
     * @param resolver the session, for tests that read globals
     */
    boolean relevant(LogEvent event, DefaultFactHandle handle, ValueResolver resolver) {
        if (everything) {
            return true;
        }
        handle.setObject(event);
        for (Node root : roots) {
            if (passes(root, handle, resolver)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passes(Node node, DefaultFactHandle handle, ValueResolver resolver) {
        boolean allowed;
        try {
            allowed = node.constraint.isAllowed(handle, resolver);
        } catch (RuntimeException e) {
            return true; // let Drools meet the same failure and report it
        }
        if (!allowed) {
            return false;
        }
        if (node.reachesBeyond) {
            return true;
        }
        for (Node next : node.next) {
            if (passes(next, handle, resolver)) {
                return true;
            }
        }
        return false;
    }
}
