package org.iothubkb.core.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.Finding;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Severity;

/**
 * Folds findings into diagnoses: one per (scope, hub, device, module, error code, cause, root-cause diagnosis).
 *
 * <p>A finding may name its root cause as an event whose own finding does not exist yet (the root's rule is
 * still waiting out its window); such findings wait in {@code pending} until the root's finding arrives.
 * Look-up tables from events and findings to their group are pruned once they are older than any rule can
 * refer back to, so memory follows the number of diagnoses, not of events.
 */
final class Aggregator {

    /** How long after its event a finding may still be named as a root cause. */
    private static final long ROOT_HORIZON_MILLIS = 30 * 60_000L;

    private record Key(Scope scope, String hub, String device, String module, String code, String cause,
                       Group root) {
    }

    /** One diagnosis being built. */
    static final class Group {
        final Key key;
        final String errorName;
        String rule;
        Severity severity;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long occurrences;
        final List<LogEvent> evidence = new ArrayList<>();
        private final Map<LogEvent, Boolean> evidenceSeen = new IdentityHashMap<>();
        String id;
        String note;

        Group(Key key, Finding f) {
            this.key = key;
            this.errorName = f.getErrorName();
            this.rule = f.getRule();
            this.severity = f.getSeverity();
        }

        String code() { return key.code(); }
        String cause() { return key.cause(); }
        String device() { return key.device(); }
        String hub() { return key.hub(); }

        void add(Finding f) {
            occurrences++;
            if (note == null) {
                note = f.getNote();
            }
            if (f.getSeverity().compareTo(severity) > 0) {
                // The diagnosis is as severe as its worst occurrence; name the rule that said so.
                severity = f.getSeverity();
                rule = f.getRule();
            }
            for (LogEvent e : f.getEvidence()) {
                first = Math.min(first, e.getTimestampMillis());
                last = Math.max(last, e.getTimestampMillis());
                if (evidenceSeen.put(e, Boolean.TRUE) == null) {
                    keepEarliest(e);
                }
            }
        }

        /** Keeps the earliest records: rules that wait out a window conclude later than others. */
        private void keepEarliest(LogEvent e) {
            if (evidence.size() < Diagnosis.MAX_EVIDENCE) {
                evidence.add(e);
                return;
            }
            int latest = 0;
            for (int i = 1; i < evidence.size(); i++) {
                if (evidence.get(i).getTimestampMillis() > evidence.get(latest).getTimestampMillis()) {
                    latest = i;
                }
            }
            if (e.getTimestampMillis() < evidence.get(latest).getTimestampMillis()) {
                evidenceSeen.remove(evidence.get(latest));
                evidence.set(latest, e);
            }
        }
    }

    private record Indexed(long time, Object key) {
    }

    private final Map<Key, Group> groups = new LinkedHashMap<>();
    private final Map<LogEvent, Group> byDeviceEvent = new IdentityHashMap<>();
    private final Map<Finding, Group> byFinding = new IdentityHashMap<>();
    private final Map<Object, List<Finding>> pending = new IdentityHashMap<>();
    private final Deque<Indexed> index = new ArrayDeque<>();
    private final List<Diagnosis> finished = new ArrayList<>();
    private final boolean retain;
    private long finishedCount;

    /** @param retain whether final diagnoses are kept for {@link #all()}, or only counted */
    Aggregator(boolean retain) {
        this.retain = retain;
    }
    private int lastId;

    void add(Finding f) {
        Object root = f.getRootCause() != null ? f.getRootCause() : f.getRootEvent();
        if (root == null) {
            place(f, null);
            return;
        }
        Group rootGroup = lookup(root);
        if (rootGroup != null) {
            place(f, rootGroup);
        } else {
            pending.computeIfAbsent(root, r -> new ArrayList<>()).add(f);
        }
    }

    private Group lookup(Object root) {
        return root instanceof Finding ? byFinding.get(root) : byDeviceEvent.get(root);
    }

    private void place(Finding f, Group root) {
        Key key = new Key(f.getScope(), f.getHub(), f.getDeviceId(), f.getModuleId(), f.getErrorCode(),
                f.getCause(), root);
        Group g = groups.computeIfAbsent(key, k -> new Group(k, f));
        g.add(f);
        byFinding.put(f, g);
        index.add(new Indexed(f.getTimestampMillis(), f));
        // An event is a root through its device finding; an event without a device only has hub findings.
        if (f.getScope() == Scope.DEVICE || f.getEvent().getDeviceId() == null) {
            byDeviceEvent.putIfAbsent(f.getEvent(), g);
            index.add(new Indexed(f.getTimestampMillis(), f.getEvent()));
            release(f.getEvent(), g);
        }
        release(f, g);
    }

    private void release(Object root, Group g) {
        List<Finding> waiting = pending.remove(root);
        if (waiting != null) {
            for (Finding w : waiting) {
                place(w, g);
            }
        }
    }

    /** Forgets look-up entries older than any rule can still refer back to. */
    void prune(long clockMillis) {
        while (!index.isEmpty() && index.peekFirst().time() < clockMillis - ROOT_HORIZON_MILLIS) {
            Object k = index.pollFirst().key();
            byFinding.remove(k);
            byDeviceEvent.remove(k);
        }
    }

    /** Id order: first seen; at the same instant hub-wide diagnoses first, since device ones hang under them. */
    private static final Comparator<Group> ORDER = Comparator.<Group>comparingLong(g -> g.first)
            .thenComparing(g -> g.key.scope(), Comparator.reverseOrder())
            .thenComparing(g -> g.key.code())
            .thenComparing(g -> g.key.cause())
            .thenComparing(g -> Objects.toString(g.key.device(), ""))
            .thenComparing(g -> Objects.toString(g.key.module(), ""))
            .thenComparing(g -> Objects.toString(g.key.hub(), ""))
            .thenComparing(g -> g.key.root() == null ? 0L : g.key.root().first);

    /**
     * Makes final every diagnosis that has had no occurrence for {@code quietMillis} before {@code clockMillis}
     * and whose root cause is final, and returns them in id order. A later finding with the same key opens a new
     * diagnosis. Findings that waited that long for a root that never came become roots.
     */
    List<Diagnosis> settle(long clockMillis, long quietMillis, Function<Group, Texts> texts) {
        long cutoff = clockMillis - quietMillis;
        for (java.util.Iterator<List<Finding>> it = pending.values().iterator(); it.hasNext(); ) {
            List<Finding> waiting = it.next();
            if (waiting.stream().allMatch(w -> w.getTimestampMillis() < cutoff)) {
                it.remove();
                waiting.forEach(w -> place(w, null));
            }
        }
        List<Group> quiet = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.last < cutoff) {
                quiet.add(g);
            }
        }
        if (quiet.isEmpty()) {
            return List.of();
        }
        quiet.sort(ORDER);
        List<Group> ready = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (java.util.Iterator<Group> it = quiet.iterator(); it.hasNext(); ) {
                Group g = it.next();
                Group root = g.key.root();
                if (root == null || root.id != null) {
                    g.id = "D" + (++lastId);
                    ready.add(g);
                    it.remove();
                    progress = true;
                }
            }
        }
        List<Diagnosis> out = new ArrayList<>(ready.size());
        for (Group g : ready) {
            groups.remove(g.key);
            Diagnosis d = toDiagnosis(g, texts);
            keep(d);
            out.add(d);
        }
        return out;
    }

    /**
     * Makes every remaining diagnosis final, ids continuing in first-seen order; findings still waiting for their
     * root become roots. Returns the new ones in the order a listener should see them: a root before its side
     * effects.
     */
    List<Diagnosis> finish(Function<Group, Texts> texts) {
        for (List<Finding> waiting : new ArrayList<>(pending.values())) {
            for (Finding w : waiting) {
                place(w, null);
            }
        }
        pending.clear();
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(ORDER);
        for (Group g : sorted) {
            g.id = "D" + (++lastId);
        }
        Map<Group, Diagnosis> built = new IdentityHashMap<>();
        for (Group g : sorted) {
            built.put(g, toDiagnosis(g, texts));
        }
        groups.clear();
        List<Diagnosis> inIdOrder = new ArrayList<>(sorted.size());
        sorted.forEach(g -> inIdOrder.add(built.get(g)));
        inIdOrder.forEach(this::keep);
        List<Diagnosis> rootsFirst = new ArrayList<>(sorted.size());
        java.util.Set<Group> emitted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Group g : sorted) {
            emitRootFirst(g, built, emitted, rootsFirst);
        }
        return rootsFirst;
    }

    private static void emitRootFirst(Group g, Map<Group, Diagnosis> built, java.util.Set<Group> emitted,
                                      List<Diagnosis> out) {
        if (!built.containsKey(g) || !emitted.add(g)) {
            return; // final earlier, or already handed over
        }
        if (g.key.root() != null) {
            emitRootFirst(g.key.root(), built, emitted, out);
        }
        out.add(built.get(g));
    }

    private void keep(Diagnosis d) {
        finishedCount++;
        if (retain) {
            finished.add(d);
        }
    }

    /** How many diagnoses are final, listed or not. */
    long finishedCount() {
        return finishedCount;
    }

    /** Every final diagnosis so far, in id order; none if this aggregator does not keep them. */
    List<Diagnosis> all() {
        List<Diagnosis> out = new ArrayList<>(finished);
        out.sort(Comparator.comparingInt(d -> Integer.parseInt(d.getId().substring(1))));
        return Collections.unmodifiableList(out);
    }

    private static Diagnosis toDiagnosis(Group g, Function<Group, Texts> texts) {
        Texts t = texts.apply(g);
        List<LogEvent> ev = new ArrayList<>(g.evidence);
        ev.sort(Comparator.comparingLong(LogEvent::getTimestampMillis));
        return new Diagnosis(g.id, g.key.code(), g.errorName, g.key.cause(), g.severity, g.key.scope(),
                g.key.hub(), g.key.device(), g.key.module(), t.title(), t.explanation(), t.fixes(), t.references(),
                Instant.ofEpochMilli(g.first), Instant.ofEpochMilli(g.last), g.occurrences,
                g.key.root() == null ? null : g.key.root().id, g.rule, ev, t.confidence(), t.aliasOf());
    }

    /** The rendered texts of one diagnosis. */
    record Texts(String title, String explanation, List<String> fixes, List<String> references,
                 Confidence confidence, String aliasOf) {
    }
}
