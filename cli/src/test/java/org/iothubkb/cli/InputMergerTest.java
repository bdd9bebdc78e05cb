package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.junit.jupiter.api.Test;

class InputMergerTest {

    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    /** Records what reaches the session, in order. */
    private static final class Recording implements DiagnosisSession {
        final List<String> seen = new ArrayList<>();

        @Override
        public void submit(LogEvent event) {
            seen.add(event.getSource());
        }

        @Override
        public void reject(Rejection rejection) {
            seen.add("rejected " + rejection.getSource());
        }

        @Override
        public DiagnosisReport close() {
            throw new UnsupportedOperationException();
        }
    }

    /** A feed of events at the given seconds, named name:1, name:2, …; a negative second is a rejection. */
    private static InputMerger.Feed feed(String name, int... seconds) {
        return (events, rejects) -> {
            for (int i = 0; i < seconds.length; i++) {
                String source = name + ":" + (i + 1);
                if (seconds[i] < 0) {
                    rejects.accept(source, "bad");
                } else {
                    events.accept(LogEvent.builder().time(T0.plusSeconds(seconds[i])).source(source).build());
                }
            }
        };
    }

    @Test
    void overlappingInputsAreMergedByTimeWithTiesInInputOrder() throws Exception {
        Recording session = new Recording();
        InputMerger.merge(List.of(feed("b", 10, 20, 30), feed("a", 5, 20, 25, 40), feed("c")), session);
        assertThat(session.seen).containsExactly("a:1", "b:1", "b:2", "a:2", "a:3", "b:3", "a:4");
    }

    @Test
    void manyLongInputsDoNotDeadlockAndLoseNothing() throws Exception {
        List<InputMerger.Feed> feeds = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            int[] seconds = new int[5_000];
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] = f * 100 + i; // each input starts later and they overlap
            }
            feeds.add(feed("f" + f, seconds));
        }
        Recording session = new Recording();
        InputMerger.merge(feeds, session);
        assertThat(session.seen).hasSize(100_000);
    }

    @Test
    void rejectionsPassThroughAndTheFirstFailureStopsTheMerge() {
        Recording session = new Recording();
        InputMerger.Feed failing = (events, rejects) -> {
            throw new InputException("cannot read [broken.gz]: not valid gzip");
        };
        assertThatThrownBy(() -> InputMerger.merge(List.of(feed("a", 1, -1, 2), failing), session))
                .isInstanceOf(InputException.class).hasMessage("cannot read [broken.gz]: not valid gzip");

        Recording ok = new Recording();
        try {
            InputMerger.merge(List.of(feed("a", 1, -1, 2), feed("b", 0)), ok);
        } catch (InputException e) {
            throw new AssertionError(e);
        }
        assertThat(ok.seen).containsExactly("b:1", "a:1", "rejected a:2", "a:3");
    }
}
