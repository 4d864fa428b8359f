package io.keelwatch.live;

import java.io.IOException;
import java.util.List;

/**
 * Durable intake of the daemon. Live sources append raw records (a log line, an audit Event JSON, a Docker
 * event JSON) together with the new read position of their input, in one transaction: once append returns,
 * the records survive a crash and the source will resume after them. The processor reads the inbox in order.
 */
public interface Inbox {
    /** One raw record: its source type (a reader's type), where it came from (file:line, request), and its text. */
    record Record(String sourceType, String origin, String payload) {
    }

    /**
     * Appends records and sets the input's offset, atomically. {@code offset} is opaque to the inbox (a file's
     * byte position and inode, a Docker event time, ...). Blocks or throws when the store cannot take them.
     */
    void append(String input, List<Record> records, String offset) throws IOException;

    /** The last offset committed for an input, or null when it has none. */
    String offset(String input) throws IOException;
}
