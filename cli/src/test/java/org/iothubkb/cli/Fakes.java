package org.iothubkb.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.ProblemReporter;

/** Stand-ins for the engine and the parser plugin, so the CLI can be tested on its own. */
final class Fakes {

    static final Instant T0 = Instant.parse("2026-11-02T08:30:00.123Z");

    private Fakes() {
    }

    /** A device-scope diagnosis with one evidence record. */
    static Diagnosis diagnosis(String id, String code, String cause, Severity severity, String device,
                               Instant first, String rootCauseId) {
        LogEvent e = LogEvent.builder().time(first).hub("hub-1").deviceId(device).category("Connections")
                .operation("deviceDisconnect").errorCode(code).source("log.jsonl:" + id.substring(1)).build();
        return new Diagnosis(id, code, "Name" + code, cause, severity, device == null ? Scope.HUB : Scope.DEVICE,
                "hub-1", device, null, "Title of " + id, "Explanation of " + id, List.of("First fix of " + id,
                "Second fix of " + id), List.of("https://example.org/" + code), first, first.plusSeconds(5), 2,
                rootCauseId, "rule " + code + " " + cause, List.of(e));
    }

    /** A diagnosis as {@link #diagnosis}, with a confidence and the code it was read as ({@code null} for none). */
    static Diagnosis diagnosis(String id, String code, String cause, Severity severity, String device,
                               Instant first, String rootCauseId, Confidence confidence, String aliasOf) {
        Diagnosis d = diagnosis(id, code, cause, severity, device, first, rootCauseId);
        return new Diagnosis(d.getId(), d.getErrorCode(), d.getErrorName(), d.getCause(), d.getSeverity(),
                d.getScope(), d.getHub(), d.getDeviceId(), d.getModuleId(), d.getTitle(), d.getExplanation(),
                d.getFixes(), d.getReferences(), d.getFirstSeen(), d.getLastSeen(), d.getOccurrences(),
                d.getRootCauseId(), d.getRule(), d.getEvidence(), confidence, aliasOf);
    }

    /**
     * A code whose HTTP status may be inferred from its prefix, read as {@code aliasOf} if not {@code null}, with
     * one cause per {@code causes}, all of {@code confidence}.
     */
    static CodeInfo code(String code, String name, boolean httpFromPrefix, String aliasOf, Confidence confidence,
                         String... causes) {
        List<CauseInfo> list = new ArrayList<>();
        for (String c : causes) {
            list.add(new CauseInfo(c, Severity.WARNING, List.of("rule " + c), "Title " + c, "Explanation " + c,
                    List.of("Fix " + c), confidence));
        }
        return new CodeInfo(code, name, code.substring(0, 3), httpFromPrefix, "connectivity", "Meaning of " + code,
                List.of("Symptom of " + code), list, List.of("404104"), List.of("https://example.org/" + code),
                aliasOf);
    }

    /** A code with one cause. */
    static CodeInfo code(String code, String name, String... causes) {
        List<CauseInfo> list = new ArrayList<>();
        for (String c : causes) {
            list.add(new CauseInfo(c, Severity.WARNING, List.of("rule " + c), "Title " + c, "Explanation " + c,
                    List.of("Fix " + c)));
        }
        return new CodeInfo(code, name, code.substring(0, 3), "connectivity", "Meaning of " + code,
                List.of("Symptom of " + code), list, List.of("404104"), List.of("https://example.org/" + code));
    }

    /** A knowledge base whose sessions count what they get and conclude the given diagnoses. */
    static final class Kb implements KnowledgeBase {
        final List<Diagnosis> diagnoses;
        final List<CodeInfo> codes;
        final List<LogEvent> submitted = new ArrayList<>();
        final List<Rejection> rejected = new ArrayList<>();
        SessionOptions lastOptions;
        Locale builtWith;

        Kb(List<Diagnosis> diagnoses, List<CodeInfo> codes) {
            this.diagnoses = diagnoses;
            this.codes = codes;
        }

        Function<Locale, KnowledgeBase> factory() {
            return locale -> {
                builtWith = locale;
                return this;
            };
        }

        @Override
        public DiagnosisSession newSession(SessionOptions options) {
            lastOptions = options;
            return new DiagnosisSession() {
                DiagnosisReport report;

                @Override
                public void submit(LogEvent event) {
                    submitted.add(event);
                }

                @Override
                public void reject(Rejection rejection) {
                    rejected.add(rejection);
                }

                @Override
                public DiagnosisReport close() {
                    if (report == null) {
                        report = new DiagnosisReport(new Summary(submitted.size(), rejected.size(), 0,
                                submitted.stream().map(LogEvent::getDeviceId).distinct().count(), diagnoses.size()),
                                diagnoses, rejected);
                    }
                    return report;
                }
            };
        }

        @Override
        public List<CodeInfo> codes() {
            return codes;
        }

        @Override
        public Optional<CodeInfo> code(String code) {
            return codes.stream().filter(c -> c.getCode().equals(code)).findFirst();
        }

        @Override
        public Locale locale() {
            return builtWith;
        }

        @Override
        public int ruleCount() {
            return codes.size();
        }
    }

    /**
     * Reads lines: {@code ok DEVICE} becomes an event, anything else is rejected. Recognises input whose head
     * starts with {@code marker}, when one is given.
     */
    static final class LineParser implements EventParser {
        final String id;
        final String marker;
        final List<String> sources = new ArrayList<>();

        LineParser(String id, String marker) {
            this.id = id;
            this.marker = marker;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean sniff(String head) {
            return marker != null && head.startsWith(marker);
        }

        @Override
        public void parse(InputStream input, String source, Consumer<LogEvent> events, ProblemReporter problems)
                throws IOException {
            sources.add(source);
            BufferedReader r = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (marker != null && line.equals(marker)) {
                    continue;
                }
                if (line.equals("boom")) {
                    // A parser with a bug: it throws past its contract.
                    throw new IllegalStateException("parser bug at line " + n);
                }
                if (line.equals("linkage")) {
                    // A plugin jar without a class it needs.
                    throw new NoClassDefFoundError("com/example/Missing");
                }
                if (line.equals("oom")) {
                    throw new OutOfMemoryError("simulated");
                }
                if (line.startsWith("ok ")) {
                    events.accept(LogEvent.builder().time(T0.plusSeconds(n)).deviceId(line.substring(3))
                            .source(source + ":" + n).build());
                } else {
                    problems.reject(source + ":" + n, "not ok: [" + line + "]");
                }
            }
        }
    }

    /** The given parsers and the built-in output formats, as the CLI would find them. */
    static org.iothubkb.core.api.PluginRegistry registry(List<? extends org.iothubkb.core.spi.Plugin> parsers) {
        List<org.iothubkb.core.spi.Plugin> plugins = new java.util.ArrayList<>(parsers);
        plugins.add(new TextSink());
        plugins.add(new org.iothubkb.plugins.json.JsonReportSink());
        plugins.add(new org.iothubkb.plugins.json.JsonLinesSink());
        return org.iothubkb.core.api.PluginRegistry.of(plugins);
    }

    /** Runs the CLI in-process and keeps what it printed. */
    static final class Run {
        final int exit;
        final String out;
        final String err;

        private Run(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        static Run of(Kb kb, List<? extends org.iothubkb.core.spi.Plugin> parsers, String stdin, String... args) {
            return of(kb.factory(), parsers, stdin, args);
        }

        static Run of(Function<Locale, KnowledgeBase> kbFactory, List<? extends org.iothubkb.core.spi.Plugin> parsers,
                      String stdin,
                      String... args) {
            return of(false, kbFactory, parsers, stdin, args);
        }

        /** As {@link #of(Kb, List, String, String...)}, with stderr a terminal as far as the CLI can tell. */
        static Run onTerminal(Kb kb, List<EventParser> parsers, String stdin, String... args) {
            return of(true, kb.factory(), parsers, stdin, args);
        }

        private static Run of(boolean stderrIsTerminal, Function<Locale, KnowledgeBase> kbFactory,
                              List<? extends org.iothubkb.core.spi.Plugin> parsers, String stdin, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Env env = new Env(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, false, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), rules -> kbFactory.apply(rules.locale()),
                    locations -> registry(parsers), stderrIsTerminal);
            int exit = new Main(env).run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
