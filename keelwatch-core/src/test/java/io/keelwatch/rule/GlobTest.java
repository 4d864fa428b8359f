package io.keelwatch.rule;

import io.keelwatch.rule.compile.Glob;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Globs of literal text and stars (matched without a regex) agree with the regex they stand for. */
class GlobTest {
    @Test
    void starGlobsMatchLikeTheirRegex() {
        SplittableRandom rnd = new SplittableRandom(3);
        String alphabet = "ab*:/.";
        for (int i = 0; i < 20_000; i++) {
            String glob = random(rnd, alphabet, 6);
            String value = random(rnd, "ab:/.", 8);
            StringBuilder rx = new StringBuilder();
            for (char c : glob.toCharArray()) {
                rx.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
            }
            assertThat(Glob.compile(glob).matches(value)).as("%s against %s", glob, value)
                    .isEqualTo(Pattern.compile(rx.toString(), Pattern.DOTALL).matcher(value).matches());
        }
    }

    @Test
    void examples() {
        assertThat(Glob.compile("system:node:*").matches("system:node:worker-1")).isTrue();
        assertThat(Glob.compile("system:node:*").matches("system:nod")).isFalse();
        assertThat(Glob.compile("a*a").matches("a")).isFalse();
        assertThat(Glob.compile("runner-*-project-*-concurrent-*").matches("runner-x-project-1-concurrent-0"))
                .isTrue();
        assertThat(Glob.compile("*").matches("")).isTrue();
        assertThat(Glob.compile("").matches("")).isTrue();
        assertThat(Glob.compile("x?").matches("xy")).isTrue();
        assertThat(Glob.compile("x*").matches(null)).isFalse();
    }

    private static String random(SplittableRandom rnd, String alphabet, int max) {
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
