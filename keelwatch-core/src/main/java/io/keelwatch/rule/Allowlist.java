package io.keelwatch.rule;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.compile.Glob;
import io.keelwatch.rule.compile.RecentTexts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Global allow-lists: an event whose namespace, user, image, container label or container name matches is
 * not alerted on (rules with {@code allowlist: false} ignore this). All patterns are globs ({@code *},
 * {@code ?}, {@code [..]}); a label entry is {@code KEY} (the label is present) or {@code KEY=VALUE}, both sides
 * globs. Immutable.
 */
public final class Allowlist {
    /** The kinds of entries, with the YAML key and the suppression reason they produce. */
    public enum Kind {
        NAMESPACES("namespaces"), USERS("users"), IMAGES("images"), CONTAINER_LABELS("container_labels"),
        CONTAINER_NAMES("container_names");

        private final String key;
        private final String reason;

        Kind(String key) {
            this.key = key;
            this.reason = "allowlist:" + key;
        }

        public String key() {
            return key;
        }

        public String reason() {
            return reason;
        }
    }

    private record Entry(Kind kind, String text, Glob glob, Glob valueGlob) {
    }

    private static final Kind[] KINDS = Kind.values();
    private static final Allowlist EMPTY = new Allowlist(List.of());
    private final List<Entry> entries;
    /** Per kind (by ordinal), the positions in {@link #entries} of its entries, in order. */
    private final int[][] byKind = new int[KINDS.length][];
    /** Per kind but labels, the position of the first entry recently seen texts match, or -1. */
    @SuppressWarnings("unchecked")
    private final RecentTexts<Integer>[] remembered = new RecentTexts[KINDS.length];
    /** Matches of the entries, made once. */
    private final Match[] matchOf;

    private Allowlist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        this.matchOf = new Match[this.entries.size()];
        for (Kind k : KINDS) {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < this.entries.size(); i++) {
                if (this.entries.get(i).kind == k) {
                    at.add(i);
                }
            }
            byKind[k.ordinal()] = at.stream().mapToInt(Integer::intValue).toArray();
            if (k != Kind.CONTAINER_LABELS && !at.isEmpty()) {
                remembered[k.ordinal()] = new RecentTexts<>(1024);
            }
        }
        for (int i = 0; i < matchOf.length; i++) {
            matchOf[i] = new Match(this.entries.get(i).kind, this.entries.get(i).text);
        }
    }

    public static Allowlist empty() {
        return EMPTY;
    }

    /** A copy with one more entry; throws IllegalArgumentException for a bad glob. */
    public Allowlist with(Kind kind, String pattern) {
        List<Entry> out = new ArrayList<>(entries);
        if (kind == Kind.CONTAINER_LABELS && pattern.indexOf('=') >= 0) {
            int eq = pattern.indexOf('=');
            out.add(new Entry(kind, pattern, Glob.compile(pattern.substring(0, eq).trim()),
                    Glob.compile(pattern.substring(eq + 1).trim())));
        } else {
            out.add(new Entry(kind, pattern, Glob.compile(pattern.trim()), null));
        }
        return new Allowlist(out);
    }

    /** This list plus the entries of {@code other} (duplicates kept once). */
    public Allowlist merge(Allowlist other) {
        List<Entry> out = new ArrayList<>(entries);
        for (Entry e : other.entries) {
            if (out.stream().noneMatch(x -> x.kind == e.kind && x.text.equals(e.text))) {
                out.add(e);
            }
        }
        return new Allowlist(out);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The patterns of one kind, in order. */
    public List<String> patterns(Kind kind) {
        return entries.stream().filter(e -> e.kind == kind).map(Entry::text).toList();
    }

    /** The first entry the event matches, as {@code "allowlist:KIND"} plus the pattern; empty if none. */
    public Optional<Match> match(Event e) {
        // each kind's field is looked up once; the first matching entry in definition order wins
        int best = Integer.MAX_VALUE;
        for (Kind k : KINDS) {
            int[] positions = byKind[k.ordinal()];
            if (positions.length == 0 || positions[0] > best) {
                continue;
            }
            Object value = e.field(field(k));
            if (value == null) {
                continue;
            }
            RecentTexts<Integer> recent = remembered[k.ordinal()];
            String text = recent == null ? null : value.toString();
            Integer known = text == null ? null : recent.find(text);
            int first = known != null ? known : firstMatch(positions, value);
            if (known == null && text != null) {
                recent.keep(text, first);
            }
            if (first >= 0 && first < best) {
                best = first;
            }
        }
        return best == Integer.MAX_VALUE ? Optional.empty() : Optional.of(matchOf[best]);
    }


    /** The normalized field a kind of entry looks at. */
    private static String field(Kind kind) {
        return switch (kind) {
            case NAMESPACES -> Fields.ORCH_NAMESPACE;
            case USERS -> Fields.USER_NAME;
            case IMAGES -> Fields.CONTAINER_IMAGE;
            case CONTAINER_NAMES -> Fields.CONTAINER_NAME;
            case CONTAINER_LABELS -> Fields.CONTAINER_LABELS;
        };
    }

    /** What an event matched: the kind of entry and its pattern. */
    public record Match(Kind kind, String pattern) {
        public String reason() {
            return kind.reason();
        }

        @Override
        public String toString() {
            return kind.key() + " " + pattern;
        }
    }

    /** The position of the first of {@code positions} whose entry matches the value, or -1. */
    private int firstMatch(int[] positions, Object value) {
        for (int i : positions) {
            if (matches(entries.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether an entry matches its kind's field value (not null). */
    private static boolean matches(Entry en, Object value) {
        if (en.kind != Kind.CONTAINER_LABELS) {
            return en.glob.matches(value.toString());
        }
        if (!(value instanceof Map<?, ?> labels)) {
            return false;
        }
        for (Map.Entry<?, ?> l : labels.entrySet()) {
            if (en.glob.matches(String.valueOf(l.getKey()))
                    && (en.valueGlob == null || en.valueGlob.matches(String.valueOf(l.getValue())))) {
                return true;
            }
        }
        return false;
    }
}
