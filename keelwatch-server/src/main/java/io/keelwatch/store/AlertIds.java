package io.keelwatch.store;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stable alert ids: the first 128 bits (32 hex digits) of SHA-256 over the rule id, the entity (keys sorted), the
 * first evidence event's origin (file, line, item) and the alert time. Processing the same events again gives the
 * same id, so the store's unique key turns a repeated alert into a no-op.
 */
public final class AlertIds {
    private AlertIds() {
    }

    public static String of(Alert a) {
        StringBuilder sb = new StringBuilder();
        field(sb, a.rule());
        for (Map.Entry<String, String> e : new TreeMap<>(a.entity()).entrySet()) {
            field(sb, e.getKey());
            field(sb, e.getValue());
        }
        sb.append('|');
        if (!a.evidence().isEmpty()) {
            Evidence ev = a.evidence().get(0);
            field(sb, ev.file());
            field(sb, Long.toString(ev.line()));
            field(sb, Integer.toString(ev.item()));
        }
        field(sb, Long.toString(a.timeNanos()));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Length-prefixed, so that no two different field lists give the same text. */
    private static void field(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("-1:");
        } else {
            sb.append(s.length()).append(':').append(s);
        }
    }
}
