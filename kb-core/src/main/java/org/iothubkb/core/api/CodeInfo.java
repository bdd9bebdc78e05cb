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

    /** Creates a code description; lists are copied. */
    public CodeInfo(String code, String name, String httpStatus, String category, String meaning,
                    List<String> symptoms, List<CauseInfo> causes, List<String> related, List<String> references) {
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
}
