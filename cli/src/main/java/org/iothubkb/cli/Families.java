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

    private Families() {
    }

    /** The codes in catalogue order, grouped by family; see {@link CodeInfo#byFamily}. */
    static Map<String, List<CodeInfo>> group(List<CodeInfo> codes) {
        return CodeInfo.byFamily(codes);
    }

    /** The HTTP status a family stands for; see {@link CodeInfo#familyStatus}. */
    static int status(String family) {
        return CodeInfo.familyStatus(family);
    }

    /** The family's title, its HTTP reason phrase (e.g. {@code Not Found}), localised; {@code null} if unknown. */
    static String title(String family, Messages msg) {
        String key = "family." + status(family);
        return msg.has(key) ? msg.get(key) : null;
    }
}
