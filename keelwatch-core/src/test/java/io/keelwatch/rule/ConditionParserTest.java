package io.keelwatch.rule;

import io.keelwatch.rule.parse.ConditionParser;
import io.keelwatch.rule.parse.ConditionSyntaxException;
import io.keelwatch.rule.parse.Expr;
import io.keelwatch.rule.parse.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionParserTest {

    private static Expr parse(String s) throws ConditionSyntaxException {
        return ConditionParser.parse(s);
    }

    /** A compact rendering of the tree: and[...], or[...], not(...), field op operand, macro names. */
    private static String show(Expr e) {
        if (e instanceof Expr.And a) {
            return "and" + a.terms().stream().map(ConditionParserTest::show).toList();
        }
        if (e instanceof Expr.Or o) {
            return "or" + o.terms().stream().map(ConditionParserTest::show).toList();
        }
        if (e instanceof Expr.Not n) {
            return "not(" + show(n.expr()) + ")";
        }
        if (e instanceof Expr.MacroRef m) {
            return "@" + m.name();
        }
        Expr.Compare c = (Expr.Compare) e;
        String f = c.field().all() ? "all(" + c.field().path() + ")" : c.field().path();
        return f + " " + c.op().text() + (c.operand() == null ? "" : " " + operand(c.operand()));
    }

    private static String operand(Expr.Operand o) {
        if (o instanceof Expr.Value v) {
            return v.quoted() ? "'" + v.text() + "'" : v.text();
        }
        if (o instanceof Expr.ListName n) {
            return "$" + n.name();
        }
        return ((Expr.ValueList) o).items().stream().map(ConditionParserTest::operand).toList().toString();
    }

    @Test
    void andBindsTighterThanOr() throws Exception {
        assertThat(show(parse("a or b and c"))).isEqualTo("or[@a, and[@b, @c]]");
        assertThat(show(parse("a and b or c and d"))).isEqualTo("or[and[@a, @b], and[@c, @d]]");
    }

    @Test
    void notBindsTighterThanAnd() throws Exception {
        assertThat(show(parse("not a and b"))).isEqualTo("and[not(@a), @b]");
        assertThat(show(parse("not x = 1 or y exists"))).isEqualTo("or[not(x = 1), y exists]");
        assertThat(show(parse("not not a"))).isEqualTo("not(not(@a))");
    }

    @Test
    void parenthesesGroup() throws Exception {
        assertThat(show(parse("(a or b) and c"))).isEqualTo("and[or[@a, @b], @c]");
        assertThat(show(parse("((a))"))).isEqualTo("@a");
        Expr e = parse("  (a or b)  ");
        assertThat(e.start()).isEqualTo(2);
        assertThat(e.end()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "f = v|f = v",
            "f != v|f != v",
            "f < 3|f < 3",
            "f <= 3|f <= 3",
            "f > 3|f > 3",
            "f >= -1.5|f >= -1.5",
            "f=v|f = v",
            "f!=v|f != v",
            "f contains \"a b\"|f contains 'a b'",
            "f icontains X|f icontains X",
            "f startswith /etc/|f startswith /etc/",
            "f endswith .sh|f endswith .sh",
            "f glob /proc/*/environ|f glob /proc/*/environ",
            "f regex '^a\\d+$'|f regex '^a\\d+$'",
            "f cidr 10.0.0.0/8|f cidr 10.0.0.0/8",
            "f cidr (10.0.0.0/8, fd00::/8)|f cidr [10.0.0.0/8, fd00::/8]",
            "f iequals Root|f iequals Root",
            "f exists|f exists",
            "f in (a, \"b c\", 3)|f in [a, 'b c', 3]",
            "f in ()|f in []",
            "f in my_list|f in $my_list",
            "f in (my_list, x)|f in [my_list, x]",
            "f startswith (a, b)|f startswith [a, b]",
            "all(f) = v|all(f) = v",
            "f = true|f = true",
    })
    void operators(String in, String expected) throws Exception {
        assertThat(show(parse(in))).isEqualTo(expected);
    }

    @Test
    void fieldPathsKeepBracketsAndQuotedKeys() throws Exception {
        assertThat(show(parse("container.labels[\"com.example/x y\"] = a")))
                .isEqualTo("container.labels[\"com.example/x y\"] = a");
        assertThat(show(parse("requestObject.spec.containers[*].securityContext.privileged = true")))
                .isEqualTo("requestObject.spec.containers[*].securityContext.privileged = true");
        assertThat(show(parse("items[0].name='x'"))).isEqualTo("items[0].name = 'x'");
    }

    @Test
    void stringEscapes() throws Exception {
        Expr.Compare c = (Expr.Compare) parse("f = \"a\\\"b\\\\c\\n\\d\"");
        assertThat(((Expr.Value) c.operand()).text()).isEqualTo("a\"b\\c\n\\d");
        Expr.Compare s = (Expr.Compare) parse("f = 'it\\'s'");
        assertThat(((Expr.Value) s.operand()).text()).isEqualTo("it's");
    }

    @Test
    void bangIsPartOfAWordUnlessFollowedByEquals() throws Exception {
        assertThat(show(parse("f glob [!a]*"))).isEqualTo("f glob [!a]*");
        assertThat(show(parse("f = a!b"))).isEqualTo("f = a!b");
    }

    @Test
    void offsetsPointIntoTheText() throws Exception {
        Expr.And a = (Expr.And) parse("x = 1 and  y in (a, b)");
        Expr.Compare y = (Expr.Compare) a.terms().get(1);
        assertThat(y.start()).isEqualTo(11);
        assertThat(y.end()).isEqualTo(22);
        assertThat(((Expr.ValueList) y.operand()).items().get(1).start()).isEqualTo(20);
        assertThat(y.op()).isEqualTo(Op.IN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|0|empty condition",
            "a and|5|expected a field",
            "a or or b|5|unexpected 'or'",
            "(a or b|7|expected ')'",
            "a or b)|6|unbalanced ')'",
            "f = |3|expected a value after '='",
            "f = (a, b)|4|takes one value",
            "f in 'x'|5|'in' needs a list",
            "f in (a b)|8|expected ',' or ')'",
            "f in (a,|8|expected a list value",
            "f = \"abc|4|unterminated string",
            "f[0 = 1|1|unclosed '['",
            "f foo|2|expected an operator after 'f'",
            "a b|2|expected an operator after 'a'",
            "f = 1 g|6|expected 'and', 'or' or the end",
            "all(f)|6|expected an operator after all(f)",
            "all(and) = 1|4|expected a field inside all",
            "= 1|0|expected a field, a macro",
            "in = 1|0|unexpected 'in'",
    })
    void syntaxErrorsHaveOffsets(String in, int offset, String message) {
        assertThatThrownBy(() -> parse(in))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining(message)
                .satisfies(t -> assertThat(((ConditionSyntaxException) t).offset()).isEqualTo(offset));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "a" + ")".repeat(5000);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("nested deeper");
        String nots = "not ".repeat(5000) + "a";
        assertThatThrownBy(() -> parse(nots)).isInstanceOf(ConditionSyntaxException.class);
    }

    @Test
    void longFlatChainsAreFine() throws Exception {
        String chain = String.join(" or ", java.util.Collections.nCopies(5000, "f = 1"));
        assertThat(((Expr.Or) parse(chain)).terms()).hasSize(5000);
        assertThat(List.of(parse("a and b and c"))).hasSize(1);
    }
}
