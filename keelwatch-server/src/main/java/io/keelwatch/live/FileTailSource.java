package io.keelwatch.live;

import io.keelwatch.source.Head;
import io.keelwatch.source.InputFile;
import io.keelwatch.source.SourceReader;
import io.keelwatch.source.Sources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows a growing text file ({@code file:<absolute path>}): a dockerd log, a Kubernetes audit log, a Zeek
 * {@code conn.log}, an auditd log. The format is recognised once from the head of the file (as {@code scan} does),
 * unless given. Complete lines are appended as records of that source type; a partial last line waits for its line
 * end.
 *
 * <p><b>For the processor:</b> a record's payload may hold SEVERAL lines ({@link LineFramer}: dockerd's
 * {@code Calling ...} line together with its {@code form data:} line, the records of one audit event, Zeek data
 * lines behind their header). Read each payload as one small file, line by line, with the source type's reader.
 *
 * <p>The offset is {@link TailOffset}: the file's identity (device:inode) and the byte after the last line
 * appended. The file is polled (every 250 ms by default) and appends are batched (up to 500 lines). Rotation:
 * <ul>
 *   <li>rename and a new file: the old file (still open) is read until it has been quiet for a second, then the new
 *       file is followed from its start;</li>
 *   <li>copytruncate (same file, now shorter than the position): followed again from the start;</li>
 *   <li>after a restart: the same file resumes at the offset; a different file is read from its start, after the
 *       rest of the old one if it is still there as {@code PATH.1}.</li>
 * </ul>
 * A failed read or append starts over from the last committed offset.
 */
public final class FileTailSource implements LiveSource {
    private static final Logger LOG = LoggerFactory.getLogger(FileTailSource.class);
    static final int MAX_BATCH_LINES = 500;
    static final long ROTATION_QUIET_MS = 1_000;
    static final long HOLD_MS = 300;

    private final Path path;
    private final String name;
    private final String forcedType;
    private final Sources sources;
    private final long pollMillis;
    private final Object lock = new Object();
    private volatile boolean stopped;

    private String type;
    private LineFramer framer;
    private long lastDetectSize = -1;
    private boolean undetectedLogged;
    private TailedFile file;
    private boolean rotated;
    private long lastData;
    private final List<LineFramer.Framed> pending = new ArrayList<>();
    private int pendingLines;

    public FileTailSource(Path path) {
        this(path, null, Sources.defaults(), 250);
    }

    /** @param forcedType the source type, or null to detect it from the head of the file */
    public FileTailSource(Path path, String forcedType, Sources sources, long pollMillis) {
        this.path = path.toAbsolutePath().normalize();
        this.name = "file:" + this.path;
        this.forcedType = forcedType;
        this.sources = sources;
        this.pollMillis = pollMillis;
    }

    @Override
    public String name() {
        return name;
    }

    /** The detected (or given) source type; null until known. */
    public String sourceType() {
        return type;
    }

    @Override
    public void run(Inbox inbox) throws Exception {
        long backoff = pollMillis;
        while (!stopped) {
            TailOffset saved = TailOffset.parse(inbox.offset(name));
            reset();
            try {
                while (!stopped) {
                    if ((type != null || detect()) && (file != null || open(saved))) {
                        saved = null;
                        backoff = pollMillis;
                        if (read(inbox)) {
                            continue;
                        }
                        endOfData(inbox);
                    }
                    pause(pollMillis);
                }
            } catch (IOException e) {
                LOG.warn("{}: {}; resuming from the last appended line in {} ms", name, e.getMessage(), backoff);
                pause(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            } finally {
                closeFile();
            }
        }
    }

    /** Forgets everything not appended (held lines, a partial line, a rotation in progress). */
    private void reset() {
        closeFile();
        pending.clear();
        pendingLines = 0;
        rotated = false;
        if (type != null) {
            framer = LineFramer.forType(type);
        }
    }

    private boolean detect() throws IOException {
        if (forcedType != null) {
            setType(forcedType);
            return true;
        }
        long size = TailOffset.sizeOf(path);
        if (size <= 0 || size == lastDetectSize) {
            return false;
        }
        lastDetectSize = size;
        Head head;
        try (Reader r = InputFile.readerOf(Files.newInputStream(path))) {
            head = InputFile.headOf(name, r);
        }
        if (!head.text().contains("\n") && size < 64 * 1024) {
            return false;   // wait for a first complete line
        }
        if (spreadOverLines(head.firstNonBlank())) {
            // a pretty-printed document (docker inspect output, a kubelet summary) is not a log of records
            LOG.error("{}: a JSON document spread over several lines cannot be followed line by line; "
                    + "read it with `keelwatch scan` (the daemon inspects Docker containers itself)", name);
            stopped = true;
            return false;
        }
        Optional<SourceReader> r = sources.detect(head);
        if (r.isPresent() && !r.get().binary()) {
            setType(r.get().type());
            LOG.info("{}: following as {}", name, type);
            return true;
        }
        if (!undetectedLogged) {
            undetectedLogged = true;
            LOG.warn("{}: not in any known text format yet; waiting for more lines", name);
        }
        return false;
    }

    /** True when the first line only opens a pretty-printed JSON document ({@code [}, <code>{</code>, <code>[{</code>). */
    static boolean spreadOverLines(String first) {
        String f = first.strip();
        return f.equals("[") || f.equals("{") || f.equals("[{");
    }

    private void setType(String t) {
        type = t;
        framer = LineFramer.forType(t);
    }

    /** Opens the file: at the saved position when it is the same file, else from its start (old file first). */
    private boolean open(TailOffset saved) throws IOException {
        String k = TailOffset.keyOf(path);
        if (k == null) {
            return false;
        }
        Path p = path;
        long pos = 0;
        if (saved != null) {
            Path older = path.resolveSibling(path.getFileName() + ".1");
            if (saved.key().equals(k)) {
                pos = saved.position() <= TailOffset.sizeOf(path) ? saved.position() : 0;
            } else if (saved.key().equals(TailOffset.keyOf(older))) {
                p = older;
                k = saved.key();
                pos = saved.position();
                rotated = true;
                LOG.info("{}: finishing the rotated {} first", name, older);
            }
        }
        file = TailedFile.open(p, k, pos);
        if (file == null) {
            return false;
        }
        lastData = System.currentTimeMillis();
        if (pos > 0) {
            try (Reader r = InputFile.readerOf(Files.newInputStream(p))) {
                framer.prime(InputFile.headOf(p.toString(), r).lines());
            }
        }
        return true;
    }

    /** Reads what the file has beyond the position, appending in batches; false when there was nothing new. */
    private boolean read(Inbox inbox) throws IOException {
        boolean any = false;
        while (!stopped && file.read(1 << 20, this::line) > 0) {
            any = true;
            if (pendingLines >= MAX_BATCH_LINES) {
                commit(inbox);
            }
        }
        if (any) {
            lastData = System.currentTimeMillis();
            commit(inbox);
        }
        return any;
    }

    private void line(LineFramer.Line l) {
        framer.line(l, pending);
        pendingLines++;
    }

    /** Nothing new: release held lines after a while, notice rotation and truncation. */
    private void endOfData(Inbox inbox) throws IOException {
        long now = System.currentTimeMillis();
        if (rotated) {
            if (now - lastData >= ROTATION_QUIET_MS) {
                file.finish(this::line);   // the old file will not grow any more
                framer.flush(pending);
                commit(inbox);
                LOG.info("{}: rotated; following the new file", name);
                closeFile();
                rotated = false;
            }
            return;
        }
        String k = TailOffset.keyOf(path);
        if (k == null || !k.equals(file.key)) {
            rotated = true;   // renamed away (a new file may follow): drain the old one until it is quiet
            lastData = now;
        } else if (TailOffset.sizeOf(path) < file.position()) {
            LOG.info("{}: truncated; following from the start", name);
            framer.flush(pending);
            commit(inbox);
            file.rewind();
        } else if (framer.holding() && now - lastData >= HOLD_MS) {
            framer.flush(pending);
            commit(inbox);
        }
    }

    private void commit(Inbox inbox) throws IOException {
        if (!pending.isEmpty()) {
            List<Inbox.Record> records = new ArrayList<>(pending.size());
            for (LineFramer.Framed f : pending) {
                records.add(new Inbox.Record(type, file.path + "@" + f.start(), f.payload()));
            }
            long end = pending.get(pending.size() - 1).end();
            inbox.append(name, records, new TailOffset(file.key, end).format());
            pending.clear();
        }
        pendingLines = 0;
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only
            }
            file = null;
        }
    }

    private void pause(long millis) {
        synchronized (lock) {
            if (!stopped) {
                try {
                    lock.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
