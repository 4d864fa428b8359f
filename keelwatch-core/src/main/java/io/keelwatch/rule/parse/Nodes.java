package io.keelwatch.rule.parse;

import java.util.ArrayList;
import java.util.List;

/** Typed access to YAML nodes that reports shape errors to {@link Problems} and returns a fallback. */
public final class Nodes {
    private Nodes() {
    }

    /** A string value (numbers and booleans are accepted as their text); null when absent or wrong. */
    public static String string(YNode n, String what, Problems p) {
        if (n == null || n instanceof YNode.Scalar s && s.isNull()) {
            return null;
        }
        if (n instanceof YNode.Scalar s) {
            return s.value();
        }
        p.error(n.loc(), what + " must be a string, found " + n.shape());
        return null;
    }

    /** The scalar node itself (for values whose position matters later), or null. */
    public static YNode.Scalar scalar(YNode n, String what, Problems p) {
        if (n == null || n instanceof YNode.Scalar s && s.isNull()) {
            return null;
        }
        if (n instanceof YNode.Scalar s) {
            return s;
        }
        p.error(n.loc(), what + " must be a string, found " + n.shape());
        return null;
    }

    public static Boolean bool(YNode n, String what, Problems p) {
        if (n == null) {
            return null;
        }
        if (n instanceof YNode.Scalar s && s.type() == YNode.ScalarType.BOOLEAN) {
            return Boolean.parseBoolean(s.value().toLowerCase());
        }
        p.error(n.loc(), what + " must be true or false");
        return null;
    }

    /** A list of scalars; a single scalar counts as a list of one. Empty when absent. */
    public static List<YNode.Scalar> scalars(YNode n, String what, Problems p) {
        List<YNode.Scalar> out = new ArrayList<>();
        if (n == null || n instanceof YNode.Scalar s0 && s0.isNull()) {
            return out;
        }
        if (n instanceof YNode.Scalar s) {
            out.add(s);
            return out;
        }
        if (!(n instanceof YNode.Seq seq)) {
            p.error(n.loc(), what + " must be a list of strings, found " + n.shape());
            return out;
        }
        for (YNode i : seq.items()) {
            if (i instanceof YNode.Scalar s && !s.isNull()) {
                out.add(s);
            } else {
                p.error(i.loc(), what + " must be a list of strings, found " + i.shape() + " in it");
            }
        }
        return out;
    }

    public static List<String> strings(YNode n, String what, Problems p) {
        List<String> out = new ArrayList<>();
        for (YNode.Scalar s : scalars(n, what, p)) {
            out.add(s.value());
        }
        return out;
    }
}
