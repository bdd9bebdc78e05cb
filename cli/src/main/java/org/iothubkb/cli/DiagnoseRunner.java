package org.iothubkb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.core.spi.DiagnosisSink;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.Plugin;

/** Runs {@code iothub-kb diagnose}: every input through one session, then the report. */
final class DiagnoseRunner {

    /** Output formats whose document holds the counts: no summary line on stderr after them. */
    private static final Set<String> SINKS_WITH_SUMMARY = Set.of(TextSink.ID, "json", MarkdownSink.ID, HtmlSink.ID);

    private final Invocation inv;
    private final Env env;

    DiagnoseRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /**
     * Runs the diagnosis and prints the report.
     *
     * @return the exit code
     * @throws InputException if an input cannot be read; nothing has been printed on standard output then
     */
    int run() throws InputException, UsageException {
        PluginRegistry plugins = PluginSupport.load(inv, env);
        DiagnosisSink sink = plugins.sink(inv.sink()).orElseThrow(() -> new UsageException(inv.command(),
                "--" + CliOptions.FORMAT + ": unknown format [" + inv.sink() + "]: use " + ids(plugins.sinks())));
        List<EventParser> parsers = plugins.parsers();
        if (inv.inputFormat() != null) {
            EventParser chosen = plugins.parser(inv.inputFormat()).orElseThrow(() -> new UsageException(
                    inv.command(), "--" + CliOptions.INPUT_FORMAT + ": unknown input format [" + inv.inputFormat()
                    + "]: use " + ids(plugins.parsers())));
            parsers = List.of(chosen);
        }
        if (parsers.isEmpty()) {
            throw new IllegalStateException("no input parser found on the class path (META-INF/services/"
                    + EventParser.class.getName() + ")");
        }
        List<Inputs.Input> inputs = Inputs.check(inv.inputs());
        KnowledgeBase kb = PluginSupport.knowledgeBase(inv, env, plugins);

        ReportFile reportFile = inv.output() == null ? null : ReportFile.check(Path.of(inv.output()));
        DiagnosisSession session = kb.newSession(SessionOptions.defaults().withMaxLateness(inv.maxLateness()));
        // The page's timelines need every connect, disconnect and error, not only the diagnoses' evidence.
        DeviceActivity activity = sink instanceof HtmlSink ? DeviceActivity.ofInput() : null;
        DiagnosisSession fed = activity == null ? session : activity.recording(session);
        DiagnosisReport report;
        // Written by the parser threads, printed once the progress line is gone.
        List<String> notices = Collections.synchronizedList(new ArrayList<>());
        // Closed before anything else is printed, the report or an error, so that they start on a clean line.
        try (Progress progress = Progress.forInputs(inputs, inv.quiet(), env.stderrIsTerminal(), env.err())) {
            try {
                List<InputMerger.Feed> feeds = new ArrayList<>();
                for (Inputs.Input input : inputs) {
                    feeds.add(InputMerger.feed(input, parsers, env.stdin(), progress, notices::add));
                }
                progress.start();
                InputMerger.merge(feeds, fed);
            } catch (InputException | RuntimeException e) {
                closeAfterFailure(session, e);
                throw e;
            }
            // Still reading, as far as the user can tell: the session works through what it holds back.
            report = inv.filter().apply(fed.close());
        }
        synchronized (notices) {
            // Warnings, not errors: what they name is also among the rejected records, and counted.
            notices.forEach(n -> env.err().println("iothub-kb: warning: " + Text.oneLine(n)));
        }

        try {
            if (reportFile == null) {
                write(sink, report, activity, env.out());
            } else {
                reportFile.write(out -> write(sink, report, activity, out));
            }
        } catch (ReportFile.WriteException e) {
            env.err().println("iothub-kb: " + Text.oneLine(e.getMessage()));
            env.err().println(TextReportWriter.summaryLine(report.getSummary(), Messages.forLocale(inv.locale())));
            return ExitCodes.UNEXPECTED;
        } catch (IOException | RuntimeException | StackOverflowError | LinkageError e) {
            // A plugin's failure is its own: say which one, and keep the counts, the diagnosis itself ran. What it
            // wrote before failing stays on stdout (an --output file is left as it was); exit 4 says it is
            // incomplete.
            env.out().flush();
            env.err().println("iothub-kb: output format [" + sink.id() + "] (" + sink.getClass().getName()
                    + ") failed: " + Text.oneLine(String.valueOf(e)));
            env.err().println(TextReportWriter.summaryLine(report.getSummary(), Messages.forLocale(inv.locale())));
            return ExitCodes.UNEXPECTED;
        }
        env.out().flush();
        if (reportFile != null && !inv.quiet()) {
            env.err().println("iothub-kb: report written to " + reportFile.path());
        }
        if (!inv.quiet() && (reportFile != null || !SINKS_WITH_SUMMARY.contains(sink.id()))) {
            // Formats without a summary of their own (jsonl, plugins'): the counts go to stderr.
            env.err().println(TextReportWriter.summaryLine(report.getSummary(), Messages.forLocale(inv.locale())));
        }

        int exit = ExitCodes.forReport(report, inv.failOn(), inv.strict());
        if (inv.strict() && report.getSummary().getRecordsRejected() > 0) {
            env.err().println("iothub-kb: " + report.getSummary().getRecordsRejected()
                    + " record(s) rejected and --strict is set");
        }
        return exit;
    }

    private void write(DiagnosisSink sink, DiagnosisReport report, DeviceActivity activity, OutputStream out)
            throws IOException {
        if (activity != null) {
            ((HtmlSink) sink).write(report, activity, inv.locale(), out);
        } else {
            sink.write(report, inv.locale(), out);
        }
    }

    private static String ids(List<? extends Plugin> plugins) {
        List<String> ids = new ArrayList<>();
        plugins.forEach(p -> ids.add(p.id()));
        return String.join(", ", ids);
    }

    /** Releases the session's resources after a failure; the failure is what gets reported. */
    private static void closeAfterFailure(DiagnosisSession session, Exception failure) {
        try {
            session.close();
        } catch (RuntimeException e) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
    }
}
