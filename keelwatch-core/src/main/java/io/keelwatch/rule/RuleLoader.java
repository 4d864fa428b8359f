package io.keelwatch.rule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads rule files from paths and from the classpath. A directory contributes its {@code *.yaml} and
 * {@code *.yml} files (not recursive) in name order. The built-in pack lives in the classpath folder
 * {@code io/keelwatch/rules/}, listed by {@code index.txt} (one file name per line; blank lines and
 * {@code #} comments ignored), because classpath folders can't be listed reliably inside jars.
 */
public final class RuleLoader {
    public static final String BUILTIN_FOLDER = "io/keelwatch/rules/";

    private RuleLoader() {
    }

    /** The built-in rule pack. */
    public static RuleSetSource builtIn() {
        return fromIndex(RuleLoader.class.getClassLoader(), BUILTIN_FOLDER, "builtin:");
    }

    /** Files listed in {@code folder + "index.txt"} of a class loader, named {@code prefix + file}. */
    public static RuleSetSource fromIndex(ClassLoader cl, String folder, String prefix) {
        String dir = folder.endsWith("/") ? folder : folder + "/";
        List<RuleSetSource.RuleFile> files = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (InputStream in = cl.getResourceAsStream(dir + "index.txt")) {
            if (in == null) {
                errors.add(RuleError.of(prefix + "index.txt", "no rule index " + dir + "index.txt on the classpath"));
                return new RuleSetSource(files, errors);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    names.add(t);
                }
            }
        } catch (IOException e) {
            errors.add(RuleError.of(prefix + "index.txt", "cannot read rule index: " + e.getMessage()));
        }
        for (String n : names) {
            try (InputStream in = cl.getResourceAsStream(dir + n)) {
                if (in == null) {
                    errors.add(RuleError.of(prefix + n, "listed in index.txt but not found on the classpath"));
                    continue;
                }
                files.add(new RuleSetSource.RuleFile(prefix + n, new String(in.readAllBytes(),
                        StandardCharsets.UTF_8)));
            } catch (IOException e) {
                errors.add(RuleError.of(prefix + n, "cannot read: " + e.getMessage()));
            }
        }
        return new RuleSetSource(files, errors);
    }

    /** One classpath resource (for example a test fixture). */
    public static RuleSetSource resource(String path) {
        try (InputStream in = RuleLoader.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return new RuleSetSource(List.of(), List.of(RuleError.of(path, "resource not found")));
            }
            return RuleSetSource.of(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new RuleSetSource(List.of(), List.of(RuleError.of(path, "cannot read: " + e.getMessage())));
        }
    }

    /** Files and directories, in the order given. */
    public static RuleSetSource load(Path... paths) {
        return load(List.of(paths));
    }

    public static RuleSetSource load(List<Path> paths) {
        List<RuleSetSource.RuleFile> files = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path f : s.filter(RuleLoader::isYaml).sorted().toList()) {
                        read(f, files, errors);
                    }
                } catch (IOException e) {
                    errors.add(RuleError.of(p.toString(), "cannot list directory: " + e.getMessage()));
                }
            } else {
                read(p, files, errors);
            }
        }
        return new RuleSetSource(files, errors);
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    private static void read(Path f, List<RuleSetSource.RuleFile> files, List<RuleError> errors) {
        try {
            files.add(new RuleSetSource.RuleFile(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            errors.add(RuleError.of(f.toString(), "cannot read rule file: " + e));
        }
    }
}
