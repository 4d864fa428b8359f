package io.keelwatch.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueParsersTest {
    @ParameterizedTest
    @CsvSource({"0B,0", "864B,864", "2.16kB,2160", "2.16KB,2160", "5.7kB,5700", "1.02MB,1020000", "3GB,3000000000",
            "548KiB,561152", "2.352MiB,2466251", "23.54GiB,25275882537", "1TiB,1099511627776", "12 kB,12000"})
    void sizes(String text, long bytes) {
        assertThat(ValueParsers.size(text)).isEqualTo(bytes);
    }

    @Test
    void unsetSizesAndPercentsAreNull() {
        assertThat(ValueParsers.size("--")).isNull();
        assertThat(ValueParsers.size(null)).isNull();
        assertThat(ValueParsers.percent("--")).isNull();
    }

    @Test
    void badSizesAndPercentsNameTheText() {
        assertThatThrownBy(() -> ValueParsers.size("12 parsecs")).hasMessageContaining("'12 parsecs'");
        assertThatThrownBy(() -> ValueParsers.size("KiB")).hasMessageContaining("unreadable size");
        assertThatThrownBy(() -> ValueParsers.percent("NaN%")).hasMessageContaining("unreadable percent");
    }

    @Test
    void percentsAndPairs() {
        assertThat(ValueParsers.percent("0.32%")).isEqualTo(0.32);
        assertThat(ValueParsers.percent("250.5%")).isEqualTo(250.5);
        assertThat(ValueParsers.pair("548KiB / 23.54GiB")).containsExactly("548KiB", "23.54GiB");
        assertThat(ValueParsers.pair("7B")).containsExactly("7B", null);
    }

    @Test
    void addressesAndTransports() {
        assertThat(ValueParsers.looksLikeIp("10.0.0.1")).isTrue();
        assertThat(ValueParsers.looksLikeIp("2001:db8::1")).isTrue();
        assertThat(ValueParsers.looksLikeIp("256.0.0.1")).isFalse();
        assertThat(ValueParsers.looksLikeIp("eni-123")).isFalse();
        assertThat(ValueParsers.transport(6)).isEqualTo("tcp");
        assertThat(ValueParsers.transport(17)).isEqualTo("udp");
        assertThat(ValueParsers.transport(1)).isEqualTo("icmp");
        assertThat(ValueParsers.transport(99)).isEqualTo("99");
    }
}
