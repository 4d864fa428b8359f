package io.keelwatch.rule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Validation errors of single files: shapes, modifications, types, exceptions, and their positions. */
class RuleValidationTest {

    @Test
    void positionsInsideBlockAndQuotedScalars() {
        CompileResult r = RuleTesting.compile("f.yaml", """
                - rule: literal
                  priority: low
                  condition: |
                    container.name = a and
                      process.name = b and bogus.thing
                - rule: quoted
                  priority: low
                  condition: "container.name = \\"x\\" and nope"
                - rule: folded-output
                  priority: low
                  condition: container.name = a
                  output: >-
                    hello %container.name
                    from %container.nmae
                """);
        assertThat(r.errors()).extracting(e -> e.line() + ":" + e.column() + " " + e.message()).containsExactly(
                "5:28 unknown macro 'bogus.thing' (to test a field, compare it: 'bogus.thing = true' or "
                        + "'bogus.thing exists')",
                "8:42 unknown macro 'nope'",
                "14:11 unknown field 'container.nmae': 'container.' names normalized fields and this is not one of"
                        + " them; did you mean 'container.name'?");
    }

    @Test
    void modificationErrors() {
        CompileResult r = RuleTesting.compile("a.yaml", """
                - rule: x
                  priority: low
                  condition: container.name = a
                - rule: x
                  override: {condition: append}
                  priority: high
                  condition: and container.name = b
                - rule: x
                  append: true
                  priority: high
                - rule: y
                  enabled: false
                - macro: m
                  override: {condition: merge}
                  condition: x
                - rule: x
                  override: {output: append}
                """);
        assertThat(r.errors()).extracting(RuleError::message).containsExactly(
                "'priority' has no override mode; add it to override: {priority: append|replace}",
                "'priority' can't be appended to a rule; use override: {priority: replace}",
                "can't switch rule 'y' on or off: it is not defined in an earlier item or file",
                "can't override macro 'm': it is not defined in an earlier item or file",
                "override names 'output' but the item has no 'output'");
    }

    @Test
    void typeChecksOnLiteralsAndOperators() {
        CompileResult r = RuleTesting.compile("t.yaml", """
                - rule: t
                  priority: low
                  sources: [docker_events]
                  condition: >-
                    container.privileged = yes or destination.port = http or destination.port in (80, x)
                    or destination.port contains 8 or container.labels = a or container.labels.x contains y
                    or source.ip cidr 300.0.0.1 or destination.port < lots or process.name glob "a[b"
                    or user.username = x or orchestrator.resource.nam = y or container.name.first = z
                """);
        assertThat(r.errors()).extracting(RuleError::message).containsExactly(
                "'container.privileged' is a boolean field: compare it with true or false, not 'yes'",
                "'destination.port' is a number field: 'http' is not a number",
                "'destination.port' is a number field: 'x' is not a number",
                "'contains' needs a text field; 'destination.port' is a number field",
                "'=' can't compare the map field 'container.labels' as a whole; compare one key "
                        + "('container.labels.KEY = v') or test one ('container.labels.KEY exists')",
                "bad cidr: '300.0.0.1' is not an IPv4 or IPv6 address or network",
                "'<' needs a number, found 'lots'",
                "bad glob: unclosed '[' in glob 'a[b'",
                "unknown field 'user.username': 'user.' names normalized fields and this is not one of them; did "
                        + "you mean 'user.name'? (native paths under 'user.' need the rule to list sources: "
                        + "[k8s_audit])",
                "unknown field 'orchestrator.resource.nam': 'orchestrator.' names normalized fields and this is not"
                        + " one of them; did you mean 'orchestrator.resource.name'?",
                "unknown field 'container.name.first': 'container.name' is a text field and has no '.first'");
        // user.username is a native path of k8s_audit records
        assertThat(RuleTesting.compile("k.yaml", """
                - rule: k
                  priority: low
                  sources: [k8s_audit]
                  condition: user.username = x
                """).errors()).isEmpty();
    }

    @Test
    void exceptionShapesAreChecked() {
        CompileResult r = RuleTesting.compile("e.yaml", """
                - rule: e
                  priority: low
                  condition: container.name = a
                  exceptions:
                    - {name: a, fields: [container.name, process.name], values: [[x]]}
                    - {name: b, fields: [container.name], comps: [~=], values: [[x]]}
                    - {name: c, fields: container.name, comps: "=", values: [[x, y]]}
                    - {name: d, condition: "container.name ="}
                    - {name: e, fields: [container.nmae], values: [[x]]}
                    - {fields: [container.name], values: [[x]]}
                    - {name: f, fields: [container.name], values: [[x]], extra: 1}
                """);
        assertThat(r.errors()).extracting(e -> e.line() + " " + e.message()).containsExactly(
                "5 each row of exception values must be a list of 2 value(s), one per field",
                "10 an exception needs a 'name'",
                "11 unknown exception key 'extra' (expected name, fields, comps, values or condition)",
                "6 unknown comparison '~=' in exception 'b' of rule 'e' (use =, !=, <, <=, >, >=, in, contains, "
                        + "icontains, startswith, endswith, glob, regex, cidr, iequals)",
                "7 '=' takes one value; use 'in (a, b, ...)' to compare with several",
                "8 in exception 'd' of rule 'e': expected a value after '=' but found the end of the condition",
                "9 unknown field 'container.nmae': 'container.' names normalized fields and this is not one of "
                        + "them; did you mean 'container.name'?");
    }

    @Test
    void fileShapeErrors() {
        CompileResult r = RuleTesting.compile("s.yaml", """
                rule: not-a-list
                """, "t.yaml", """
                - just a string
                - {rule: a, macro: b}
                - {rule: "bad id!", priority: low, condition: x = 1}
                - {macro: and, condition: x = 1}
                - {something: else}
                """, "empty.yaml", "");
        assertThat(r.errors()).extracting(e -> e.file() + ":" + e.line() + " " + e.message()).containsExactly(
                "s.yaml:1 a rule file must be a YAML list of items (- rule: ..., - macro: ..., - list: ...), found a "
                        + "mapping",
                "t.yaml:1 each item must be a mapping with a 'rule', 'macro' or 'list' key, found a scalar",
                "t.yaml:2 an item can't be both a macro and a rule",
                "t.yaml:3 bad rule id 'bad id!': use letters, digits and _ . : - (start with a letter or digit)",
                "t.yaml:4 'and' is a keyword of the condition language and can't name a macro",
                "t.yaml:5 unknown item: expected a 'rule', 'macro' or 'list' key, found keys [something]");
    }
}
