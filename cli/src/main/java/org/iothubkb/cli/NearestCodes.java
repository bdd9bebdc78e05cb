package org.iothubkb.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Suggests known error codes close to one that is not known. */
final class NearestCodes {

    private NearestCodes() {
    }

    /**
     * Up to {@code limit} known codes nearest to {@code query}: those of the same family (the same first three
     * digits) first, then by numeric distance, then in code order. A query of fewer than six digits is read as
     * a prefix ({@code 404} is near {@code 404000}). A query that is not a number matches codes by their
     * symbolic name, if {@code names} is given.
     *
     * @param known the known codes
     * @param names the symbolic name of each known code, same order as {@code known}; may be {@code null}
     */
    static List<String> nearest(String query, List<String> known, List<String> names, int limit) {
        String q = query == null ? "" : query.trim();
        if (!q.isEmpty() && q.chars().allMatch(Character::isDigit)) {
            return byNumber(q, known, limit);
        }
        List<String> out = new ArrayList<>();
        if (names != null && !q.isEmpty()) {
            String lq = q.toLowerCase(Locale.ROOT);
            for (int i = 0; i < known.size() && i < names.size() && out.size() < limit; i++) {
                String name = names.get(i);
                if (name != null && name.toLowerCase(Locale.ROOT).contains(lq)) {
                    out.add(known.get(i));
                }
            }
        }
        return out;
    }

    private static List<String> byNumber(String q, Collection<String> known, int limit) {
        String padded = q.length() >= 6 ? q : (q + "000000").substring(0, 6);
        long target = parse(padded);
        String family = padded.substring(0, 3);
        List<String> candidates = new ArrayList<>();
        for (String code : known) {
            if (code != null && !code.isEmpty() && code.chars().allMatch(Character::isDigit)) {
                candidates.add(code);
            }
        }
        candidates.sort(Comparator
                .comparing((String c) -> c.startsWith(family) ? 0 : 1)
                .thenComparingLong(c -> Math.abs(parse(c) - target))
                .thenComparing(Comparator.naturalOrder()));
        return List.copyOf(candidates.subList(0, Math.min(limit, candidates.size())));
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits.length() > 18 ? digits.substring(0, 18) : digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
