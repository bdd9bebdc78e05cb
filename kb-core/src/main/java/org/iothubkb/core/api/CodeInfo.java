package org.iothubkb.core.api;

import java.util.List;

/**
 * What the knowledge base knows about one IoT Hub error code: the answer of {@code explain} and one line of
 * {@code list}. Built from the loaded rules' metadata ({@code @code @name @http @related @ref}) and their
 * message bundles.
 *
 * @since 0.1
 */
public final class CodeInfo {
    private final String code;
    private final String name;
    private final String httpStatus;
    private final String category;
    private final String meaning;
    private final List<String> symptoms;
    private final List<CauseInfo> causes;
    private final List<String> related;
    private final List<String> references;
    private final boolean httpStatusFromPrefix;
    private final String aliasOf;

    /** Creates a code description; lists are copied. */
    public CodeInfo(String code, String name, String httpStatus, String category, String meaning,
                    List<String> symptoms, List<CauseInfo> causes, List<String> related, List<String> references) {
        this(code, name, httpStatus, false, category, meaning, symptoms, causes, related, references, null);
    }

    /**
     * Creates a code description that says whether the HTTP status is only inferred from the code's first three
     * digits, and which code's rules it is treated as ({@code null} if none); lists are copied.
     *
     * @since 0.2
     */
    public CodeInfo(String code, String name, String httpStatus, boolean httpStatusFromPrefix, String category,
                    String meaning, List<String> symptoms, List<CauseInfo> causes, List<String> related,
                    List<String> references, String aliasOf) {
        this.httpStatusFromPrefix = httpStatusFromPrefix;
        this.aliasOf = aliasOf;
        this.code = code;
        this.name = name;
        this.httpStatus = httpStatus;
        this.category = category;
        this.meaning = meaning;
        this.symptoms = List.copyOf(symptoms);
        this.causes = List.copyOf(causes);
        this.related = List.copyOf(related);
        this.references = List.copyOf(references);
    }

    /** The six-digit code, e.g. {@code 404104}. */
    public String getCode() { return code; }
    /** The symbolic name, e.g. {@code DeviceConnectionClosedRemotely}. */
    public String getName() { return name; }
    /** The HTTP status, e.g. {@code 404}, or {@code N/A} for codes that only occur over AMQP/MQTT. */
    public String getHttpStatus() { return httpStatus; }
    /** Our category (the rule package), e.g. {@code connectivity}. */
    public String getCategory() { return category; }
    /** What the code means, localised. */
    public String getMeaning() { return meaning; }
    /** How the code shows up, localised. */
    public List<String> getSymptoms() { return symptoms; }
    /** The causes the rules tell apart, in rule-file order. */
    public List<CauseInfo> getCauses() { return causes; }
    /** Codes that cause this one or are caused by it. */
    public List<String> getRelated() { return related; }
    /** Documentation links. */
    public List<String> getReferences() { return references; }
    /**
     * Whether {@link #getHttpStatus()} is only inferred from the code's first three digits because no REST
     * table lists the code. @since 0.2
     */
    public boolean isHttpStatusFromPrefix() { return httpStatusFromPrefix; }
    /**
     * The code whose rules also diagnose this one, when the sources disagree about numbering (404102 is read as
     * 404103, 404003 as 503003); {@code null} otherwise. @since 0.2
     */
    public String getAliasOf() { return aliasOf; }
    /**
     * The code family: the first three digits and {@code xxx}, e.g. {@code 404xxx}; a bare HTTP status such as
     * {@code 503} belongs to the family of its status. @since 0.2
     */
    public String getFamily() { return familyOf(code); }

    /** The family of any code: {@code 404104} → {@code 404xxx}. @since 0.2 */
    public static String familyOf(String code) {
        return code != null && code.length() >= 3 ? code.substring(0, 3) + "xxx" : String.valueOf(code);
    }

    /**
     * Families in numeric order ({@code 400xxx} before {@code 401xxx} before {@code 500xxx}); a family that is not
     * a number (a malformed code in a user's rule) comes last, alphabetically, so it is still shown. @since 0.2
     */
    public static final java.util.Comparator<String> FAMILY_ORDER = java.util.Comparator
            .comparingInt((String f) -> familyStatus(f) < 0 ? 1 : 0)
            .thenComparingInt(CodeInfo::familyStatus)
            .thenComparing(java.util.Comparator.naturalOrder());

    /**
     * Catalogue order: by family, then shorter first (a bare status such as {@code 500}, the code-less internal
     * error, leads its family), then by code. @since 0.2
     */
    public static final java.util.Comparator<CodeInfo> CATALOGUE_ORDER = java.util.Comparator
            .comparing(CodeInfo::getFamily, FAMILY_ORDER)
            .thenComparingInt((CodeInfo c) -> c.getCode() == null ? 0 : c.getCode().length())
            .thenComparing(c -> String.valueOf(c.getCode()));

    /** The HTTP status a family stands for ({@code 404xxx} → 404), or -1 if it does not start with three digits. */
    public static int familyStatus(String family) {
        if (family == null || family.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (family.charAt(i) < '0' || family.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(family.substring(0, 3));
    }

    /** The codes in {@link #CATALOGUE_ORDER}, grouped by family in {@link #FAMILY_ORDER}. @since 0.2 */
    public static java.util.Map<String, List<CodeInfo>> byFamily(java.util.Collection<CodeInfo> codes) {
        List<CodeInfo> sorted = new java.util.ArrayList<>(codes);
        sorted.sort(CATALOGUE_ORDER);
        java.util.Map<String, List<CodeInfo>> out = new java.util.LinkedHashMap<>();
        for (CodeInfo c : sorted) {
            out.computeIfAbsent(c.getFamily(), f -> new java.util.ArrayList<>()).add(c);
        }
        return out;
    }
}
