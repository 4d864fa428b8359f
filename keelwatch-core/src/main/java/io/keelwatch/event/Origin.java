package io.keelwatch.event;

/**
 * Where an event came from: a file (or stream name) and a 1-based line number. {@code item} is the 0-based
 * position of the record inside a multi-record document (an EventList, a JSON array), or -1.
 */
public record Origin(String file, long line, int item) {

    public static Origin of(String file, long line) {
        return new Origin(file, line, -1);
    }

    public static Origin item(String file, long line, int item) {
        return new Origin(file, line, item);
    }

    @Override
    public String toString() {
        String base = file + ":" + line;
        return item >= 0 ? base + "#" + item : base;
    }
}
