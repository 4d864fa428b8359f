package io.keelwatch.rule;

import io.keelwatch.event.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rules to evaluate for an event: by source type (rules listing the source plus rules for all sources)
 * and, within a source, by {@code event.action} for rules whose condition requires specific actions. Rules keep
 * their definition order in every bucket.
 */
final class RuleIndex {
    private record Bucket(Map<String, List<CompiledRule>> byAction, List<CompiledRule> anyAction) {
        List<CompiledRule> lookup(String action) {
            if (action == null) {
                return anyAction;
            }
            return byAction.getOrDefault(action, anyAction);
        }
    }

    private final Map<String, Bucket> bySource = new HashMap<>();
    private final Bucket allSources;

    RuleIndex(List<CompiledRule> rules) {
        Set<String> sources = new LinkedHashSet<>();
        for (CompiledRule r : rules) {
            sources.addAll(r.descriptor().sources());
        }
        for (String s : sources) {
            bySource.put(s, bucket(rules.stream()
                    .filter(r -> r.descriptor().sources().isEmpty() || r.descriptor().sources().contains(s))
                    .toList()));
        }
        allSources = bucket(rules.stream().filter(r -> r.descriptor().sources().isEmpty()).toList());
    }

    private static Bucket bucket(List<CompiledRule> rules) {
        List<CompiledRule> any = new ArrayList<>();
        Set<String> actions = new LinkedHashSet<>();
        for (CompiledRule r : rules) {
            if (r.descriptor().actions().isEmpty()) {
                any.add(r);
            } else {
                actions.addAll(r.descriptor().actions());
            }
        }
        Map<String, List<CompiledRule>> byAction = new HashMap<>();
        for (String a : actions) {
            byAction.put(a, List.copyOf(rules.stream()
                    .filter(r -> r.descriptor().actions().isEmpty() || r.descriptor().actions().contains(a))
                    .toList()));
        }
        return new Bucket(byAction, List.copyOf(any));
    }

    List<CompiledRule> candidates(Event e) {
        return bySource.getOrDefault(e.source(), allSources).lookup(e.action());
    }
}
