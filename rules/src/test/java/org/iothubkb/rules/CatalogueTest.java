package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

/**
 * The whole catalogue of section (b) of our fact base, code by code: every code is known with its name and HTTP
 * status, explained in English and Dutch, and a record carrying it is never left without a diagnosis, whatever
 * its category and whether or not it names a device. Collects every gap before failing once.
 */
class CatalogueTest {

    private static final Path CODES = Path.of("src/test/resources/catalogue/section-b-codes.tsv");
    private static final String[] CATEGORIES = {"Connections", "Routes", "DirectMethods", "C2DCommands",
        "DeviceTelemetry", "DeviceIdentityOperations"};

    record Entry(String code, String name, String http, boolean fromPrefix) {
    }

    static List<Entry> entries() {
        try {
            return Files.readAllLines(CODES, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .map(f -> new Entry(f[0], f[1], f[2], "prefix".equals(f[3])))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theFixtureListsTheWholeCatalogue() {
        List<Entry> all = entries();
        assertThat(all).hasSize(170);
        assertThat(all.stream().map(Entry::code).distinct()).hasSize(170);
    }

    @Test
    void everyCodeIsExplainedInEnglishAndDutch() {
        KnowledgeBase en = ScenarioTest.compiled();
        KnowledgeBase nl = KnowledgeBase.builder().locale(Locale.forLanguageTag("nl")).build();
        List<String> gaps = new ArrayList<>();
        for (Entry e : entries()) {
            CodeInfo c = en.code(e.code()).orElse(null);
            CodeInfo d = nl.code(e.code()).orElse(null);
            if (c == null || d == null) {
                gaps.add(e.code() + ": unknown to the knowledge base");
                continue;
            }
            if (!e.name().equals(c.getName())) {
                gaps.add(e.code() + ": name [" + c.getName() + "], expected [" + e.name() + "]");
            }
            if (!e.http().equals(c.getHttpStatus()) || e.fromPrefix() != c.isHttpStatusFromPrefix()) {
                gaps.add(e.code() + ": HTTP status [" + c.getHttpStatus() + (c.isHttpStatusFromPrefix() ? " prefix" : "")
                        + "], expected [" + e.http() + (e.fromPrefix() ? " prefix" : "") + "]");
            }
            if (c.getCauses().isEmpty()) {
                gaps.add(e.code() + ": no causes");
            }
            if (c.getReferences().isEmpty()) {
                gaps.add(e.code() + ": no references");
            }
            for (CodeInfo x : List.of(c, d)) {
                String lang = x == c ? "en" : "nl";
                requireText(gaps, e.code() + " " + lang + " meaning", x.getMeaning());
                if (x.getSymptoms().isEmpty()) {
                    gaps.add(e.code() + " " + lang + ": no symptoms");
                }
                for (CauseInfo cause : x.getCauses()) {
                    String where = e.code() + " " + lang + " cause " + cause.getCause();
                    requireText(gaps, where + " title", cause.getTitle());
                    requireText(gaps, where + " explanation", cause.getExplanation());
                    if (cause.getFixes().isEmpty()) {
                        gaps.add(where + ": no fixes");
                    }
                }
            }
            if (c.getMeaning().equals(d.getMeaning())) {
                gaps.add(e.code() + ": the Dutch meaning is the English one");
            }
        }
        assertThat(gaps).as("catalogue gaps").isEmpty();
    }

    private static void requireText(List<String> gaps, String where, String text) {
        if (text == null || text.isBlank() || text.startsWith("[iothub.")) {
            gaps.add(where + ": missing (" + text + ")");
        }
    }

    /**
     * Every record with a catalogue code gets exactly one diagnosis occurrence with that code, in any category, with
     * or without a device id: no combination of evidence may fall between the causes of a documented code, and no
     * two causes may claim the same record.
     */
    @Test
    void everyRecordWithACatalogueCodeIsDiagnosed() {
        KnowledgeBase kb = ScenarioTest.compiled();
        List<String> gaps = new ArrayList<>();
        for (Entry e : entries()) {
            DiagnosisSession session = kb.newSession();
            // Records 20 minutes apart, each from another device: no rule window (≤ 15 min) links two of them.
            Instant t = Instant.parse("2026-03-02T08:00:00Z");
            List<LogEvent> sent = new ArrayList<>();
            int n = 0;
            for (String category : CATEGORIES) {
                for (boolean withDevice : new boolean[] {true, false}) {
                    LogEvent ev = LogEvent.builder().time(t).hub("contoso-hub").category(category)
                            .operation(category.equals("Connections") ? "deviceDisconnect" : "send")
                            .level("Error").errorCode(e.code()).errorName(e.name())
                            .deviceId(withDevice ? "dev-" + (n++) : null).protocol("Mqtt")
                            .source("catalogue:" + e.code() + ":" + category + (withDevice ? ":device" : ":hub"))
                            .build();
                    session.submit(ev);
                    sent.add(ev);
                    t = t.plusSeconds(20 * 60);
                }
            }
            DiagnosisReport report = session.close();
            Set<String> explained = new HashSet<>();
            long occurrences = 0;
            for (Diagnosis d : report.getDiagnoses()) {
                if (d.getErrorCode().equals(e.code())) {
                    d.getEvidence().forEach(x -> explained.add(x.getSource()));
                    occurrences += d.getOccurrences();
                }
            }
            // Exactly one finding per record: two rules of a code must never both claim it.
            if (occurrences != sent.size()) {
                gaps.add(e.code() + ": " + occurrences + " occurrences for " + sent.size() + " records ("
                        + report.getDiagnoses() + ")");
            }
            for (LogEvent ev : sent) {
                if (!explained.contains(ev.getSource())) {
                    gaps.add(ev.getSource() + ": no diagnosis with code " + e.code() + " (got " + report.getDiagnoses()
                            + ")");
                }
            }
        }
        assertThat(gaps).as("records left without a diagnosis").isEmpty();
    }
}
