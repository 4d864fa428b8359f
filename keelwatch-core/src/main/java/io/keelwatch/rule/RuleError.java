package io.keelwatch.rule;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One problem found in a rule set or tuning file: where (file, 1-based line and column; 0 when unknown), what,
 * and a snippet showing the offending line with a caret under the column.
 */
public record RuleError(String file, int line, int column, String message, String snippet) {

    public RuleError {
        file = file == null ? "<unknown>" : file;
        snippet = snippet == null ? "" : snippet;
    }

    public static RuleError of(String file, String message) {
        return new RuleError(file, 0, 0, message, "");
    }

    /** JSON form: {@code {"file":..,"line":..,"column":..,"message":..,"snippet":..}}. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("file", file);
        o.put("line", line);
        o.put("column", column);
        o.put("message", message);
        o.put("snippet", snippet);
        return o;
    }

    /** {@code file:line:column: message}, then the snippet lines. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return snippet.isEmpty() ? where + ": " + message : where + ": " + message + "\n" + snippet;
    }
}
