package org.iothubkb.core.spi;

import java.util.Map;

import org.iothubkb.core.api.Finding;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Severity;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Helpers for rule consequences: build a {@link Finding} from the firing rule's own metadata, so a rule states
 * its code, cause and severity once, in its annotations.
 *
 * <pre>{@code
 * then
 *     insert( Findings.of( kcontext, $e ).withRootEvent( $drop ) );
 * }</pre>
 *
 * @since 0.1
 */
public final class Findings {

    private Findings() {
    }

    /**
     * Creates a device-scope finding about {@code trigger} from the metadata ({@code @code @name @cause
     * @severity}) of the rule that is firing.
     *
     * @param kcontext the consequence's {@code kcontext}; never {@code null}
     * @param trigger  the event the finding is about; never {@code null}
     * @throws IllegalStateException naming the rule if it lacks {@code @code}, {@code @cause} or
     *                               {@code @severity}
     */
    public static Finding of(RuleContext kcontext, LogEvent trigger) {
        Rule rule = kcontext.getRule();
        Map<String, Object> meta = rule.getMetaData();
        String code = required(rule, meta, "code");
        String cause = required(rule, meta, "cause");
        Severity severity = Severity.fromId(required(rule, meta, "severity"));
        String name = text(meta.get("name"));
        return Finding.of(rule.getName(), code, name, cause, severity, trigger);
    }

    private static String required(Rule rule, Map<String, Object> meta, String key) {
        String v = text(meta.get(key));
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("Rule [" + rule.getName() + "] in package [" + rule.getPackageName()
                    + "] has no @" + key + " metadata; every rule that inserts a Finding needs @code, @cause and"
                    + " @severity");
        }
        return v;
    }

    /** Reads a metadata value as text, without the quotes some Drools versions keep. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }
}
