package org.iothubkb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.spi.EventParser;

/** Runs {@code iothub-kb diagnose}: every input through one session, then the report. */
final class DiagnoseRunner {

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
    int run() throws InputException {
        List<Inputs.Input> inputs = Inputs.check(inv.inputs());
        List<EventParser> parsers = env.parsers().get();
        if (parsers.isEmpty()) {
            throw new IllegalStateException("no input parser found on the class path (META-INF/services/"
                    + EventParser.class.getName() + ")");
        }
        KnowledgeBase kb = env.kbFactory().apply(inv.locale());

        DiagnosisSession session = kb.newSession(SessionOptions.defaults().withMaxLateness(inv.maxLateness()));
        try {
            List<InputMerger.Feed> feeds = new java.util.ArrayList<>();
            for (Inputs.Input input : inputs) {
                feeds.add(InputMerger.feed(input, parsers, env.stdin()));
            }
            InputMerger.merge(feeds, session);
        } catch (InputException | RuntimeException e) {
            closeAfterFailure(session, e);
            throw e;
        }
        DiagnosisReport report = session.close();

        Messages msg = Messages.forLocale(inv.locale());
        try {
            switch (inv.format()) {
                case JSON:
                    org.iothubkb.plugins.json.JsonReports.writeReport(report, env.out());
                    break;
                case JSONL:
                    org.iothubkb.plugins.json.JsonReports.writeLines(report, env.out());
                    env.err().println(TextReportWriter.summaryLine(report.getSummary(), msg));
                    break;
                default:
                    env.out().print(TextReportWriter.render(report, msg));
                    break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.out().flush();

        int exit = ExitCodes.forReport(report, inv.failOn(), inv.strict());
        if (inv.strict() && report.getSummary().getRecordsRejected() > 0) {
            env.err().println("iothub-kb: " + report.getSummary().getRecordsRejected()
                    + " record(s) rejected and --strict is set");
        }
        return exit;
    }

    /** Releases the session's resources after a failure; the failure is what gets reported. */
    private static void closeAfterFailure(DiagnosisSession session, Exception failure) {
        try {
            session.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
