package org.iothubkb.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} without the built-in rules (kb-core cannot see them): compile errors and our conventions. */
class RuleValidatorTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(false);

    private static final String GOOD_DRL = """
            package com.example.good;

            import org.iothubkb.core.api.LogEvent;
            import org.iothubkb.core.spi.Findings;

            rule "helper: no code, nothing to check"
            when
                LogEvent( errorCode == "0" )
            then
            end

            rule "900001 Fail: stuck"
                @code("900001") @name("Fail") @cause("stuck") @severity("error") @confidence("inferred")
                @ref("https://example.org/900001")
            when
                $e : LogEvent( errorCode == "900001" )
            then
                insert( Findings.of( kcontext, $e ) );
            end
            """;

    private static final String GOOD_EN = """
            iothub.900001.meaning = Test failure.
            iothub.900001.stuck.title = Device {0} is stuck
            iothub.900001.stuck.detail = It failed {2} time(s) and doesn''t recover.
            iothub.900001.stuck.fix.1 = Restart it.
            """;

    private static final String GOOD_NL = """
            iothub.900001.meaning = Testfout.
            iothub.900001.stuck.title = Apparaat {0} hangt
            iothub.900001.stuck.detail = Het faalde {2} keer.
            iothub.900001.stuck.fix.1 = Herstart het.
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<String> lines(List<RuleProblem> problems) {
        return problems.stream().map(RuleProblem::toString).toList();
    }

    @Test
    void aCleanFolderHasNoProblems() throws IOException {
        write("good/good.drl", GOOD_DRL);
        write("good/messages.properties", GOOD_EN);
        write("good/messages_nl.properties", GOOD_NL);
        assertThat(lines(VALIDATOR.validate(List.of(dir.resolve("good"))))).isEmpty();
    }

    @Test
    void aFolderWithOneGoodAndOneBrokenFileNamesOnlyTheBrokenOne() throws IOException {
        write("mixed/good.drl", GOOD_DRL);
        write("mixed/messages.properties", GOOD_EN);
        write("mixed/messages_nl.properties", GOOD_NL);
        write("mixed/broken.drl", """
                package com.example.broken;

                import org.iothubkb.core.api.LogEvent;

                rule "helper: typo in the fact type"
                when
                    $e : LogEvnt( errorCode == "1" )
                then
                end
                """);

        List<RuleProblem> problems = VALIDATOR.validate(List.of(dir.resolve("mixed")));

        assertThat(problems).isNotEmpty().allSatisfy(p -> {
            assertThat(p.getPath()).isEqualTo(dir.resolve("mixed/broken.drl").toString());
            assertThat(p.isError()).isTrue();
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.getLine()).isEqualTo(7));
        assertThat(problems.get(0).toString()).matches("(?s).*broken\\.drl:\\d+:\\d+: .+");
    }

    @Test
    void metadataProblemsPointAtTheirAnnotation() throws IOException {
        Path drl = write("meta/meta.drl", """
                package com.example.meta;

                import org.iothubkb.core.api.LogEvent;
                import org.iothubkb.core.spi.Findings;

                rule "900001 Fail: bad metadata"
                    @code("900001") @name("Fail") @cause("Stuck_Device") @severity("fatal")
                    @ref("http://example.org/x") @confidence("sure")
                when
                    $e : LogEvent( errorCode == "900001" )
                then
                    insert( Findings.of( kcontext, $e ) );
                end

                rule "900002 Other: no cause"
                    @code("900002") @severity("info")
                when
                    $e : LogEvent( errorCode == "900002" )
                then
                    insert( Findings.of( kcontext, $e ) );
                end
                """);
        write("meta/messages.properties", """
                iothub.900001.Stuck_Device.title = It's stuck
                iothub.900001.Stuck_Device.detail = Broken {0
                iothub.900001.Stuck_Device.fix.1 = Restart.
                """);

        List<String> got = lines(VALIDATOR.validate(List.of(drl)));

        String d = drl.toString();
        String en = dir.resolve("meta/messages.properties").toString();
        assertThat(got).contains(
                d + ":7:35: rule \"900001 Fail: bad metadata\": @cause [Stuck_Device] should be kebab-case, e.g."
                        + " unstable-link",
                d + ":7:58: rule \"900001 Fail: bad metadata\": @severity [fatal] is not info, warning, error or"
                        + " critical",
                d + ":8:5: rule \"900001 Fail: bad metadata\": @ref [http://example.org/x] is not an https URL",
                d + ":15:1: rule \"900002 Other: no cause\": missing @cause",
                d + ":15:1: rule \"900002 Other: no cause\": missing @name",
                en + ":1:1: [iothub.900001.Stuck_Device.title] has a single apostrophe, which hides the rest of the"
                        + " text from the formatter; write '' for '",
                en + ":0:0: warning: no " + dir.resolve("meta/messages_nl.properties")
                        + " next to it: Dutch users get the English texts");
        assertThat(got).anyMatch(l -> l.startsWith(d + ":8:34: rule \"900001 Fail: bad metadata\": ")
                && l.contains("sure"));
        assertThat(got).anyMatch(l -> l.startsWith(en + ":2:1: [iothub.900001.Stuck_Device.detail] is not a valid"
                + " MessageFormat pattern"));
        // The engine's own complaint about the severity names only the rule; the annotation's position says more.
        assertThat(got).noneMatch(l -> l.contains("Unknown severity"));
    }

    @Test
    void missingEnglishTextsAreErrorsAndMissingDutchOnesWarnings() throws IOException {
        write("texts/good.drl", GOOD_DRL);
        write("texts/messages.properties", "iothub.900001.meaning = Test failure.\n"
                + "iothub.900001.stuck.title = Device {0} is stuck\n");
        write("texts/messages_nl.properties", "iothub.900001.stuck.title = Apparaat {0} hangt\n"
                + "iothub.900001.stuk.title = Tikfout\n");

        List<RuleProblem> problems = VALIDATOR.validate(List.of(dir.resolve("texts")));

        String drl = dir.resolve("texts/good.drl").toString();
        String nl = dir.resolve("texts/messages_nl.properties").toString();
        assertThat(lines(problems)).containsExactly(
                drl + ":13:35: no text [iothub.900001.stuck.detail] in " + dir.resolve("texts/messages.properties"),
                drl + ":13:35: warning: no Dutch text [iothub.900001.stuck.detail] in " + nl,
                drl + ":13:35: no text [iothub.900001.stuck.fix.1] in " + dir.resolve("texts/messages.properties"),
                drl + ":13:35: warning: no Dutch text [iothub.900001.stuck.fix.1] in " + nl,
                nl + ":2:1: warning: [iothub.900001.stuk.title] is not in " + dir.resolve("texts/messages.properties")
                        + ", so it is never used");
        assertThat(problems.stream().filter(RuleProblem::isError)).hasSize(2);
    }

    @Test
    void aNewCodeWithoutMeaningIsAWarningAndAMissingBundleAnError() throws IOException {
        write("nobundle/good.drl", GOOD_DRL);
        assertThat(lines(VALIDATOR.validate(List.of(dir.resolve("nobundle")))))
                .containsExactly(dir.resolve("nobundle/good.drl") + ":13:35: no "
                        + dir.resolve("nobundle/messages.properties") + ": the texts of this folder's rules go there");

        write("nomeaning/good.drl", GOOD_DRL);
        write("nomeaning/messages.properties", GOOD_EN.replace("iothub.900001.meaning = Test failure.\n", ""));
        write("nomeaning/messages_nl.properties", GOOD_NL.replace("iothub.900001.meaning = Testfout.\n", ""));
        assertThat(VALIDATOR.validate(List.of(dir.resolve("nomeaning")))).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.getMessage()).contains("code 900001 is new", "[iothub.900001.meaning]");
        });
    }

    @Test
    void missingPathsAndEmptyFoldersAreErrors() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertThat(lines(VALIDATOR.validate(List.of(dir.resolve("empty"), dir.resolve("nope.drl")))))
                .containsExactly(dir.resolve("empty") + ":0:0: no .drl files here",
                        dir.resolve("nope.drl") + ":0:0: no such file or folder");
    }
}
