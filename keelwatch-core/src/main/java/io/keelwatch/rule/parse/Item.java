package io.keelwatch.rule.parse;

/** One entry of a rule file: a list, macro or rule definition (or modification), before merging. */
public record Item(Type type, String name, Loc loc, YNode.Map node) {

    public enum Type {
        LIST("list"), MACRO("macro"), RULE("rule");

        private final String key;

        Type(String key) {
            this.key = key;
        }

        /** The YAML key that names an item of this type. */
        public String key() {
            return key;
        }
    }
}
