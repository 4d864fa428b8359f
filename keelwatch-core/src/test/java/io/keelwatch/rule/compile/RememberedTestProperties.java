package io.keelwatch.rule.compile;

import com.google.re2j.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RememberedTestProperties {
    private static final ValueTest REGEX = ValueTests.regex(Pattern.compile("^(curl|wget)/[0-9]+|a.*b"));

    /** Over any sequence of texts (repeats and hash collisions included), the verdict is the inner test's. */
    @Property(tries = 300)
    void verdictIsAlwaysTheInnerTests(@ForAll @Size(max = 400) List<@StringLength(max = 12) String> texts,
                                      @ForAll @Size(max = 40) List<@StringLength(max = 300) String> longer) {
        RememberedTest r = new RememberedTest(REGEX);
        List<Object> all = new ArrayList<>(texts);
        all.addAll(longer);
        all.addAll(texts);                  // again, now from the table
        all.add(42L);
        all.add(null);
        for (Object v : all) {
            assertThat(r.test(v)).as("verdict for %s", v).isEqualTo(REGEX.test(v));
        }
    }

    @Test
    void aRepeatedTextIsTestedOnce() {
        AtomicInteger calls = new AtomicInteger();
        RememberedTest r = new RememberedTest(v -> {
            calls.incrementAndGet();
            return ((String) v).startsWith("kubectl");
        });
        for (int i = 0; i < 1000; i++) {
            assertThat(r.test(new String("kubectl/v1.30.2"))).isTrue();   // equal, not the same instance
            assertThat(r.test("kube-scheduler/v1.30.2")).isFalse();
        }
        assertThat(calls.get()).isEqualTo(2);
        String huge = "kubectl".repeat(100);
        r.test(huge);
        r.test(huge);
        assertThat(calls.get()).as("texts over 256 characters are not kept").isEqualTo(4);
    }
}
