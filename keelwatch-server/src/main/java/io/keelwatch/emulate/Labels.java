package io.keelwatch.emulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code labels.tsv}: a header line, then one {@link Label} per line, tab-separated. */
public final class Labels {
    public static final String HEADER = "start_ns\tend_ns\tscenario\tkind\texpect";

    private Labels() {
    }

    public static String line(Label l) {
        return l.startNs() + "\t" + l.endNs() + "\t" + l.scenario() + "\t" + l.kind() + "\t" + l.expect();
    }

    public static void write(Path file, List<Label> labels) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        labels.forEach(l -> b.append(line(l)).append('\n'));
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    /** The rows of a labels file; a malformed row fails with the file and line number. */
    public static List<Label> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Label> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i);
            if (s.isBlank() || (i == 0 && s.startsWith("start_ns"))) {
                continue;
            }
            String[] f = s.split("\t");
            if (f.length != 5) {
                throw new IOException(file + ":" + (i + 1) + ": expected 5 tab-separated columns, found " + f.length);
            }
            try {
                out.add(new Label(Long.parseLong(f[0].strip()), Long.parseLong(f[1].strip()), f[2].strip(),
                        f[3].strip(), f[4].strip()));
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": start_ns and end_ns must be integers");
            }
        }
        return out;
    }
}
