package io.keelwatch.rule.sigma;

import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Conds;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A detection compiled once for each source type its logsource reads: the pipeline's sources with their field
 * mappings and implied conditions, and the generic {@code json} source with field names read as paths.
 */
final class SigmaSources {
    private SigmaSources() {
    }

    /** Source types in evaluation order: the mapping's, then {@code json}. */
    static List<String> sources(SigmaPipeline.Mapping m) {
        List<String> out = new ArrayList<>();
        if (m != null) {
            out.addAll(m.sources());
        }
        if (!out.contains(SigmaPipeline.JSON_SOURCE)) {
            out.add(SigmaPipeline.JSON_SOURCE);
        }
        return out;
    }

    /**
     * Source type → condition. {@code unmapped} collects the fields a mapping marked {@code unmapped: warn} does not
     * list (they read the native record as written).
     */
    static Map<String, Cond> compile(YNode.Map detection, SigmaPipeline.Mapping m, SigmaPipeline pipeline,
                                     Set<String> unmapped) throws SigmaRefusal {
        Map<String, Cond> out = new LinkedHashMap<>();
        for (String source : sources(m)) {
            boolean json = source.equals(SigmaPipeline.JSON_SOURCE);
            SigmaItems items = new SigmaItems(pipeline, f -> {
                if (json) {
                    return SigmaField.of(f, List.of(f));
                }
                if (m.warnUnmapped() && !m.maps(f)) {
                    unmapped.add(f);
                }
                return SigmaField.of(f, m.targets(f));
            });
            Cond c = SigmaDetection.compile(detection, items);
            if (!json && !m.require().isEmpty()) {
                List<Cond> terms = new ArrayList<>();
                for (Map.Entry<String, List<String>> r : m.require().entrySet()) {
                    List<SigmaMatcher> ms = new ArrayList<>();
                    r.getValue().forEach(v -> ms.add(new SigmaMatcher.Text(SigmaPattern.compile(SigmaString.literal(v),
                            false))));
                    terms.add(new SigmaConds.FieldItem("logsource: " + r.getKey() + " in " + r.getValue(),
                            SigmaField.of(r.getKey(), List.of(r.getKey())), ms, false));
                }
                terms.add(c);
                c = new Conds.And("and", terms);
            }
            out.put(source, c);
        }
        return out;
    }

    /** How a field is read on one source type: as a path on {@code json}, through the mapping elsewhere. */
    static SigmaField field(String name, String source, SigmaPipeline.Mapping m) {
        if (m == null || source.equals(SigmaPipeline.JSON_SOURCE) || !m.sources().contains(source)) {
            return SigmaField.of(name, List.of(name));
        }
        return SigmaField.of(name, m.targets(name));
    }

    static String unmappedWarning(SigmaPipeline.Mapping m, Set<String> fields) {
        return "fields " + new TreeSet<>(fields) + " have no mapping for logsource '" + m.name() + "' (sources "
                + m.sources() + ") in " + SigmaPipeline.RESOURCE + "; they are read from the native record as written";
    }
}
