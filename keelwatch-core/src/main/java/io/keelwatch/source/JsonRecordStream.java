package io.keelwatch.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Base for JSON readers. Accepts JSON lines (one value per line; a bad line is rejected and the next is read),
 * or a JSON document: an array of records (walked element by element), an object that wraps records in
 * {@code items} (Kubernetes {@code EventList}), a single object, or several pretty-printed objects one after
 * another. Subclasses turn one record into events with {@link #onRecord}.
 */
public abstract class JsonRecordStream implements EventStream {
    protected static final ObjectMapper MAPPER = new ObjectMapper();

    protected final ReadContext ctx;
    private final InputStream in;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final LineEventStream lines;
    private JsonParser doc;
    private boolean inArray;
    private boolean ended;
    private int item;

    protected JsonRecordStream(Reader reader, ReadContext ctx) throws IOException {
        this.ctx = ctx;
        BufferedInputStream src = new BufferedInputStream(Utf8Text.bytesOf(reader), 1 << 16);
        // the lines read here are replayed in front of the rest (a mark would allocate its whole limit per file)
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        String first = null;
        for (long read = 0; read <= 1000; read++) {
            int from = head.size();
            int c;
            while ((c = src.read()) >= 0 && c != '\n') {
                head.write(c);
            }
            String l = new String(head.toByteArray(), from, head.size() - from, StandardCharsets.UTF_8);
            if (c < 0 && l.isEmpty()) {
                break;
            }
            if (c >= 0) {
                head.write(c);
            }
            if (!l.isBlank()) {
                first = l;
                break;
            }
        }
        boolean lineMode = false;
        if (first != null) {
            String f = first.strip();
            if (f.startsWith("\uFEFF")) {
                f = f.substring(1);
            }
            if (f.startsWith("{") || f.startsWith("[")) {
                try (JsonParser p = MAPPER.getFactory().createParser(f)) {
                    MAPPER.readTree(p);
                    lineMode = p.nextToken() == null;
                } catch (JsonProcessingException e) {
                    lineMode = false;
                }
            } else {
                lineMode = true; // not JSON at all: line mode rejects each line with a clear reason
            }
        }
        this.in = new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), src);
        if (lineMode) {
            lines = new LineEventStream(in, ctx) {
                @Override
                protected LineParser aheadParser() {
                    return aheadLineParser();
                }

                @Override
                protected OpenLineParser openParser() {
                    return openLineParser();
                }

                @Override
                protected void onLine(String line, long lineNo) throws IOException {
                    if (line.isBlank()) {
                        return;
                    }
                    sink = this::emitOne;
                    Origin origin = Origin.of(ctx.file(), lineNo);
                    try {
                        if (onObjectLine(line, origin)) {
                            return;
                        }
                    } catch (RuntimeException ex) {
                        ctx.reject(origin, LineEventStream.describe(ex));
                        return;
                    }
                    JsonNode node;
                    try {
                        node = MAPPER.readTree(line);
                    } catch (JsonProcessingException e) {
                        ctx.reject(lineNo, "malformed JSON: " + LineEventStream.describe(e));
                        return;
                    }
                    if (node == null || node.isMissingNode()) {
                        return;
                    }
                    dispatch(node, lineNo, this::emitOne);
                }

                private void emitOne(Event e) {
                    emit(e);
                }
            };
        } else {
            lines = null;
            doc = MAPPER.getFactory().createParser(InputFile.readerOf(in));
        }
    }

    /** Turns one JSON record into zero or more events via {@link #emit}; throw to reject it with a reason. */
    protected abstract void onRecord(JsonNode record, Origin origin);

    /**
     * A shortcut for one line of JSON lines input: handles the line as one record without the full tree (emitting
     * via {@link #emit}) and returns true, or returns false to have the line parsed and passed to
     * {@link #onRecord}. A runtime exception rejects the line, like one from {@code onRecord}.
     */
    protected boolean onObjectLine(String line, Origin origin) {
        return false;
    }

    /**
     * For JSON lines: a parse of one line into its event that may run on another thread (see
     * {@link LineEventStream#aheadParser}), or null (the default). It must give what {@link #onObjectLine} would
     * emit for the line, or null to leave the line to it.
     */
    protected LineEventStream.LineParser aheadLineParser() {
        return null;
    }

    /**
     * For JSON lines read on one thread: a parse of a line before its end is found (see
     * {@link LineEventStream#openParser}), or null (the default). Like {@link #aheadLineParser}, it must give what
     * {@link #onObjectLine} would emit for the line, or null.
     */
    protected LineEventStream.OpenLineParser openLineParser() {
        return null;
    }

    /** Unwraps a list wrapper ({@code items}) or an array; otherwise the node is one record. */
    protected boolean isWrapper(JsonNode node) {
        JsonNode items = node.get("items");
        return items != null && items.isArray() && node.path("kind").asText("").endsWith("List");
    }

    private java.util.function.Consumer<Event> sink;

    private void dispatch(JsonNode node, long lineNo, java.util.function.Consumer<Event> out) {
        sink = out;
        if (node.isArray()) {
            int i = 0;
            for (JsonNode n : node) {
                one(n, Origin.item(ctx.file(), lineNo, i++));
            }
        } else if (node.isObject() && isWrapper(node)) {
            int i = 0;
            for (JsonNode n : node.get("items")) {
                one(n, Origin.item(ctx.file(), lineNo, i++));
            }
        } else {
            one(node, Origin.of(ctx.file(), lineNo));
        }
    }

    private void one(JsonNode n, Origin origin) {
        try {
            if (!n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object, found " + n.getNodeType().name().toLowerCase());
            }
            onRecord(n, origin);
        } catch (RuntimeException ex) {
            ctx.reject(origin, LineEventStream.describe(ex));
        }
    }

    /** Emits an event produced by {@link #onRecord}. */
    protected final void emit(Event e) {
        if (e != null) {
            sink.accept(e);
        }
    }

    @Override
    public final Event next() throws IOException {
        if (lines != null) {
            return lines.next();
        }
        sink = e -> {
            ctx.accepted();
            pending.add(e);
        };
        while (pending.isEmpty() && !ended) {
            readDocumentStep();
        }
        return pending.poll();
    }

    private void readDocumentStep() throws IOException {
        try {
            JsonToken t = doc.nextToken();
            if (t == null) {
                ended = true;
                return;
            }
            long line = doc.currentTokenLocation().getLineNr();
            if (inArray) {
                if (t == JsonToken.END_ARRAY) {
                    inArray = false;
                    return;
                }
                JsonNode n = MAPPER.readTree(doc);
                one(n, Origin.item(ctx.file(), line, item++));
                return;
            }
            if (t == JsonToken.START_ARRAY) {
                inArray = true;
                item = 0;
                return;
            }
            JsonNode n = MAPPER.readTree(doc);
            if (n.isObject() && isWrapper(n)) {
                int i = 0;
                for (JsonNode c : n.get("items")) {
                    one(c, Origin.item(ctx.file(), line, i++));
                }
            } else {
                one(n, Origin.of(ctx.file(), line));
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            long line = loc == null ? 0 : loc.getLineNr();
            ctx.reject(line, "malformed JSON document (rest of file not readable): " + LineEventStream.describe(e));
            ended = true;
        }
    }

    @Override
    public void close() throws IOException {
        if (doc != null) {
            doc.close();
        }
        in.close();
    }
}
