package io.keelwatch.rule.compile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentTextsTest {
    /** In a table of one pair of slots every text shares them: the last two texts kept are both found. */
    @Test
    void twoTextsThatShareTheirSlotsAreBothKept() {
        RecentTexts<Integer> t = new RecentTexts<>(2);
        t.keep("system:node:worker-42", 1);
        t.keep("system:node:worker-43", 2);
        assertThat(t.find("system:node:worker-42")).isEqualTo(1);
        assertThat(t.find(new String("system:node:worker-43"))).isEqualTo(2);
        t.keep("system:kube-controller-manager", 3);
        assertThat(t.find("system:node:worker-42")).as("the oldest of three goes").isNull();
        assertThat(t.find("system:node:worker-43")).isEqualTo(2);
        assertThat(t.find("system:kube-controller-manager")).isEqualTo(3);
        assertThat(t.find("another")).isNull();
    }

    /** The user names that all fell in one slot of the earlier table (one hash bit apart) now spread. */
    @Test
    void nearbyHashesSpread() {
        RecentTexts<Integer> t = new RecentTexts<>(1024);
        String[] names = new String[64];
        for (int k = 0; k < names.length; k++) {
            names[k] = "system:node:worker-" + k;
            t.keep(names[k], k);
        }
        t.keep("system:kube-controller-manager", -1);
        t.keep("system:serviceaccount:kube-system:endpointslice-controller", -2);
        int found = 0;
        for (int k = 0; k < names.length; k++) {
            found += Integer.valueOf(k).equals(t.find(names[k])) ? 1 : 0;
        }
        assertThat(found).isGreaterThanOrEqualTo(62);
        assertThat(t.find("system:kube-controller-manager")).isEqualTo(-1);
        assertThat(t.find("system:serviceaccount:kube-system:endpointslice-controller")).isEqualTo(-2);
    }

    @Test
    void longTextsAreNotKept() {
        RecentTexts<Boolean> t = new RecentTexts<>();
        String long1 = "x".repeat(257);
        t.keep(long1, true);
        assertThat(t.find(long1)).isNull();
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new RecentTexts<>(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecentTexts<>(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
