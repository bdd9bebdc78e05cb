package org.iothubkb.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.iothubkb.core.api.CodeInfo;

/**
 * Orders error codes and groups them by family ({@link CodeInfo#getFamily()}), the same way for {@code list},
 * {@code list --format json} and {@code docs}.
 */
final class Families {

    /**
     * Families in numeric order ({@code 400xxx} before {@code 401xxx} before {@code 500xxx}); a family that is
     * not a number (a malformed code in a user's rule) comes last, alphabetically, so it is still shown.
     */
    static final Comparator<String> FAMILY_ORDER = Comparator
            .comparingInt((String f) -> status(f) < 0 ? 1 : 0)
            .thenComparingInt(Families::status)
            .thenComparing(Comparator.naturalOrder());

    /**
     * Codes by family, then shorter first (a bare status such as {@code 500}, the code-less internal error,
     * leads its family), then by code.
     */
    static final Comparator<CodeInfo> CODE_ORDER = Comparator
            .comparing(CodeInfo::getFamily, FAMILY_ORDER)
            .thenComparingInt((CodeInfo c) -> c.getCode() == null ? 0 : c.getCode().length())
            .thenComparing(c -> String.valueOf(c.getCode()));

    private Families() {
    }

    /** The codes sorted with {@link #CODE_ORDER}, grouped by family in {@link #FAMILY_ORDER}. */
    static Map<String, List<CodeInfo>> group(List<CodeInfo> codes) {
        List<CodeInfo> sorted = new ArrayList<>(codes);
        sorted.sort(CODE_ORDER);
        Map<String, List<CodeInfo>> out = new LinkedHashMap<>();
        for (CodeInfo c : sorted) {
            out.computeIfAbsent(c.getFamily(), f -> new ArrayList<>()).add(c);
        }
        return out;
    }

    /** The HTTP status a family stands for ({@code 404xxx} → 404), or -1 if it does not start with three digits. */
    static int status(String family) {
        if (family == null || family.length() < 3) {
            return -1;
        }
        String digits = family.substring(0, 3);
        return digits.chars().allMatch(ch -> ch >= '0' && ch <= '9') ? Integer.parseInt(digits) : -1;
    }

    /** The family's title, its HTTP reason phrase (e.g. {@code Not Found}), localised; {@code null} if unknown. */
    static String title(String family, Messages msg) {
        String key = "family." + status(family);
        return msg.has(key) ? msg.get(key) : null;
    }
}
