package io.keelwatch.event;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The UTC timestamps read without a formatter give what the ISO parser gives. */
class TimesParseTest {
    @Test
    void utcTimestampsAgreeWithTheIsoParser() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            String frac = rnd.nextBoolean() ? "" : "." + "123456789".substring(0, 1 + rnd.nextInt(9));
            String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", rnd.nextInt(1960, 2100), 1 + rnd.nextInt(12),
                    1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), frac);
            assertThat(Times.parse(s)).as(s).isEqualTo(Times.ofInstant(OffsetDateTime.parse(s).toInstant()));
        }
        assertThat(Times.parse("2024-02-29T23:59:59.5Z")).isEqualTo(
                Times.ofInstant(OffsetDateTime.parse("2024-02-29T23:59:59.5Z").toInstant()));
    }

    @Test
    void invalidDatesAreStillRefused() {
        assertThatThrownBy(() -> Times.parse("2023-02-29T00:00:00Z")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Times.parse("2023-13-01T00:00:00Z")).isInstanceOf(IllegalArgumentException.class);
        // left to the full parse, which reads the end of a day as the next midnight
        assertThat(Times.parse("2023-01-01T24:00:00Z")).isEqualTo(Times.parse("2023-01-02T00:00:00Z"));
    }
}
