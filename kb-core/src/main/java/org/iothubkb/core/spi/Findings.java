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
     * @severity}) of the rule that is firing. When the trigger's code is listed in the rule's {@code @aliases}
     * (e.g. a rule for 404103 with {@code @aliases("404102")}), the finding keeps the code and name as logged; so
     * does a catch-all rule marked {@code @anyCode("true")}, whose own {@code @code} only names its texts.
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
        String logged = trigger.getErrorCode();
        if (logged != null && "true".equals(text(meta.get("anyCode")))) {
            // A catch-all rule for codes no other rule knows: the finding is about the code as logged.
            code = logged;
            name = trigger.getErrorName();
        } else if (logged != null && !logged.equals(code) && isAlias(meta.get("aliases"), logged)) {
            // A code the catalogue treats as this rule's own (404102 as 404103): report the code as logged.
            code = logged;
            name = trigger.getErrorName() != null ? trigger.getErrorName() : name;
        }
        return Finding.of(rule.getName(), code, name, cause, severity, trigger);
    }

    private static boolean isAlias(Object aliases, String code) {
        String list = text(aliases);
        if (list == null) {
            return false;
        }
        for (String a : list.split("[,\\s]+")) {
            if (a.equals(code)) {
                return true;
            }
        }
        return false;
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
