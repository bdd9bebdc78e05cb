package org.iothubkb.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.RuleBuildException;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.spi.Findings;
import org.kie.api.definition.rule.Rule;

/** One rule's metadata annotations, read once when the knowledge base is built. */
record RuleMeta(String ruleName, String packageName, String code, String name, String cause, Severity severity,
                String category, String httpStatus, boolean httpFromPrefix, List<String> related,
                List<String> references, Confidence confidence, List<String> aliases, boolean anyCode) {

    /** Returns the metadata of a rule that concludes something, or {@code null} for helper rules (no @code). */
    static RuleMeta of(Rule rule) {
        return of(rule.getName(), rule.getPackageName(), rule.getMetaData());
    }

    /** The same, from a rule's name, package and metadata map (e.g. read from the executable model). */
    static RuleMeta of(String ruleName, String packageName, Map<String, Object> m) {
        String code = Findings.text(m.get("code"));
        if (code == null || code.isEmpty()) {
            return null;
        }
        String sev = Findings.text(m.get("severity"));
        String conf = Findings.text(m.get("confidence"));
        try {
            return of(ruleName, packageName, code, m, sev, conf);
        } catch (IllegalArgumentException e) {
            // A user's rule file compiles with any annotation value; say which rule, not just which value.
            throw new RuleBuildException(List.of(new RuleBuildException.Problem("rule \"" + ruleName
                    + "\" (package " + packageName + ")", 0, 0, e.getMessage())));
        }
    }

    private static RuleMeta of(String ruleName, String packageName, String code, Map<String, Object> m, String sev,
                               String conf) {
        return new RuleMeta(ruleName, packageName, code, Findings.text(m.get("name")),
                Findings.text(m.get("cause")), sev == null ? Severity.WARNING : Severity.fromId(sev),
                Findings.text(m.get("category")), Findings.text(m.get("http")),
                "prefix".equals(Findings.text(m.get("httpSource"))), list(m.get("related")), list(m.get("ref")),
                conf == null || conf.isEmpty() ? Confidence.DOCUMENTED : Confidence.fromId(conf),
                list(m.get("aliases")), "true".equals(Findings.text(m.get("anyCode"))));
    }

    private static List<String> list(Object value) {
        String s = Findings.text(value);
        List<String> out = new ArrayList<>();
        if (s != null) {
            Arrays.stream(s.split("[,\\s]+")).map(String::trim).filter(x -> !x.isEmpty()).forEach(out::add);
        }
        return List.copyOf(out);
    }
}
