package io.keelwatch.rule.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a YAML file into {@link YNode}s that remember their positions, using Jackson's streaming YAML parser.
 * Every document of the file (separated by {@code ---}) is one root. Syntax errors and duplicate keys are
 * reported to {@link Problems}; a file with a syntax error yields the documents read before it.
 */
public final class YamlTreeReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final int MAX_DEPTH = 200;

    private final SourceFile file;
    private final Problems problems;
    private YAMLParser parser;

    private YamlTreeReader(SourceFile file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    public static List<YNode> read(SourceFile file, Problems problems) {
        return new YamlTreeReader(file, problems).readAll();
    }

    private List<YNode> readAll() {
        List<YNode> docs = new ArrayList<>();
        try (YAMLParser p = FACTORY.createParser(file.text())) {
            parser = p;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                docs.add(node(t, 0));
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = tidy(e.getOriginalMessage());
            Loc loc = l == null ? new Loc(file, 0) : locOf(l);
            problems.error(loc, "YAML syntax error: " + msg);
        } catch (IOException | RuntimeException e) {
            problems.error(new Loc(file, 0), "cannot read YAML: " + e.getMessage());
        }
        return docs;
    }

    /** SnakeYAML messages embed snippets and "in 'reader', line L, column C:"; keep the words and positions. */
    static String tidy(String message) {
        List<String> parts = new ArrayList<>();
        java.util.regex.Pattern at = java.util.regex.Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?\\s*");
        for (String line : String.valueOf(message).split("\\R")) {
            java.util.regex.Matcher m = at.matcher(line);
            if (m.matches()) {
                if (!parts.isEmpty()) {
                    int last = parts.size() - 1;
                    parts.set(last, parts.get(last) + " (line " + m.group(1) + ", column " + m.group(2) + ")");
                }
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                parts.add(line.trim());
            }
        }
        return parts.isEmpty() ? String.valueOf(message).trim() : String.join("; ", parts);
    }

    private Loc locOf(JsonLocation l) {
        if (l.getLineNr() > 0) {
            return new Loc(file, file.offset(l.getLineNr(), l.getColumnNr()));
        }
        return new Loc(file, (int) Math.max(0, Math.min(l.getCharOffset(), file.text().length())));
    }

    private YNode node(JsonToken t, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new JsonProcessingException("nesting deeper than " + MAX_DEPTH, parser.currentTokenLocation()) {
            };
        }
        Loc loc = locOf(parser.currentTokenLocation());
        switch (t) {
            case START_ARRAY -> {
                List<YNode> items = new ArrayList<>();
                JsonToken c;
                while ((c = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(node(c, depth + 1));
                }
                return new YNode.Seq(items, loc);
            }
            case START_OBJECT -> {
                List<YNode.Entry> entries = new ArrayList<>();
                java.util.Set<String> seen = new java.util.HashSet<>();
                JsonToken c;
                while ((c = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Loc keyLoc = locOf(parser.currentTokenLocation());
                    YNode value = node(parser.nextToken(), depth + 1);
                    if (!seen.add(key)) {
                        problems.error(keyLoc, "duplicate key '" + key + "'");
                        continue;
                    }
                    entries.add(new YNode.Entry(key, keyLoc, value));
                }
                if (c != JsonToken.END_OBJECT) {
                    throw new JsonProcessingException("unexpected " + c, parser.currentTokenLocation()) {
                    };
                }
                return new YNode.Map(entries, loc);
            }
            default -> {
                return scalar(t, loc);
            }
        }
    }

    private YNode scalar(JsonToken t, Loc loc) throws IOException {
        String text = t == JsonToken.VALUE_NULL ? "" : parser.getText();
        if (text == null) {
            text = "";
        }
        YNode.ScalarType type = switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> YNode.ScalarType.NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> YNode.ScalarType.BOOLEAN;
            case VALUE_NULL -> YNode.ScalarType.NULL;
            default -> YNode.ScalarType.STRING;
        };
        int off = loc.offset();
        char first = off < file.text().length() ? file.text().charAt(off) : ' ';
        boolean quoted = first == '"' || first == '\'';
        int[] offsets = ScalarAligner.align(file.text(), off, text);
        return new YNode.Scalar(LocatedString.of(text, file, offsets), type, quoted, loc);
    }
}
