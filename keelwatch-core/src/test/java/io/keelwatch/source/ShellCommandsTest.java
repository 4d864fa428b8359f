package io.keelwatch.source;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellCommandsTest {
    private static Event exec(String... args) {
        return Event.builder("docker_events").time(1).put("process.args", List.of(args)).build();
    }

    @Test
    void findsProgramsInsideShellScripts() {
        Event e = ShellCommands.enrich(exec("sh", "-c", "apk add curl || wget -q -O- http://127.0.0.1:1/x"));
        assertThat(e.field("process.shell_commands")).isEqualTo(List.of("apk", "wget"));
    }

    @Test
    void seesThroughPrefixesAssignmentsAndSubstitutions() {
        Event e = ShellCommands.enrich(exec("/bin/bash", "-lc",
                "X=1 sudo -E apt-get install -y nmap; cat $(which id) && echo `uname -a` | /usr/bin/nc -w1 10.0.0.1 80"));
        assertThat(e.field("process.shell_commands"))
                .isEqualTo(List.of("apt-get", "cat", "which", "echo", "uname", "nc"));
    }

    @Test
    void scriptSplitAcrossArgsByTheReaderIsJoined() {
        Event e = ShellCommands.enrich(exec("sh", "-c", "apk", "add", "curl", "||", "pip", "install", "x"));
        assertThat(e.field("process.shell_commands")).isEqualTo(List.of("apk", "pip"));
    }

    @Test
    void leavesOtherProcessesAlone() {
        Event plain = exec("netstat", "-tuln");
        assertThat(ShellCommands.enrich(plain)).isSameAs(plain);
        Event noScript = exec("sh", "/entrypoint.sh");
        assertThat(ShellCommands.enrich(noScript).field("process.shell_commands")).isNull();
        Event dangling = exec("sh", "-c");
        assertThat(ShellCommands.enrich(dangling).field("process.shell_commands")).isNull();
    }
}
