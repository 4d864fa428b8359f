package io.keelwatch.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * A followed file's position as stored in the inbox: {@code FILE_KEY POSITION}, where the key names the file
 * itself (device and inode, {@code dev:ino}) so that a rotation is noticed, and the position is the byte after the
 * last line appended.
 */
record TailOffset(String key, long position) {

    static TailOffset parse(String text) {
        if (text == null) {
            return null;
        }
        int sp = text.lastIndexOf(' ');
        if (sp <= 0) {
            return null;
        }
        try {
            return new TailOffset(text.substring(0, sp), Long.parseLong(text.substring(sp + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    String format() {
        return key + " " + position;
    }

    /** The identity of the file at {@code path} ({@code dev:ino}), or null when there is none. */
    static String keyOf(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return a.get("dev") + ":" + a.get("ino");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                Object k = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                return k == null ? "size-only" : k.toString().replace(' ', '_');
            } catch (IOException ex) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** The file's size, or -1 when it is gone. */
    static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
