package io.keelwatch.source;

import io.keelwatch.event.CompactMap;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is known about containers (id, name, image, labels, IP addresses), learned from inventory files
 * ({@code docker inspect}) and from events as they pass (Docker lifecycle events, daemon create calls, any event
 * that names both a container's id and its name). Used to enrich events that carry only part of the picture: a
 * stats line's short id gains the name and image, a flow's IP addresses gain the container names of both ends.
 *
 * <p>A daemon {@code container_create} call names the container and its image but not its id (the daemon does
 * not log the id it returns): it is held by name until an event shows that name together with an id. Ids may be
 * given in full or as a prefix of at least 12 characters (as {@code docker ps} and {@code docker stats} print
 * them). Kubernetes audit events are neither learned from nor enriched by name: their container names are pod
 * container names, not Docker ones.
 *
 * <p>Memory is bounded: each map keeps at most {@code maxContainers} entries and forgets the least recently used.
 * Thread-safe (every method is synchronized).
 */
public final class Inventory {
    /** The default bound on remembered containers. */
    public static final int DEFAULT_MAX_CONTAINERS = 100_000;
    private static final int SHORT_ID = 12;

    /** A snapshot of what is known about one container. */
    public record Container(String id, String name, String image, Map<String, String> labels, List<String> ips) {
    }

    private static final class Info {
        String id;
        String name;
        String image;
        Map<String, String> labels = Map.of();
        Set<String> ips = Set.of();

        Container snapshot() {
            return new Container(id, name, image, labels, List.copyOf(ips));
        }
    }

    private final Map<String, Info> byId;
    private final Map<String, String> idByName;
    private final Map<String, String> idByShort;
    private final Map<String, String> idByIp;
    private final Map<String, Info> pendingByName;

    public Inventory() {
        this(DEFAULT_MAX_CONTAINERS);
    }

    public Inventory(int maxContainers) {
        if (maxContainers < 1) {
            throw new IllegalArgumentException("maxContainers must be at least 1");
        }
        byId = lru(maxContainers);
        idByName = lru(maxContainers);
        idByShort = lru(maxContainers);
        idByIp = lru(maxContainers);
        pendingByName = lru(maxContainers);
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** Learns from an event (inventory records, Docker lifecycle events, create calls). */
    public synchronized void learn(Event e) {
        if (e == null || K8sAuditReader.TYPE.equals(e.source())) {
            return;
        }
        String id = e.string(Fields.CONTAINER_ID);
        String name = stripSlash(e.string(Fields.CONTAINER_NAME));
        String image = e.string(Fields.CONTAINER_IMAGE);
        Map<String, String> labels = labels(e.field(Fields.CONTAINER_LABELS));
        List<String> ips = strings(e.field(Fields.CONTAINER_IPS));
        if (id == null) {
            if (name != null && "container_create".equals(e.action())) {
                Info p = new Info();
                p.name = name;
                p.image = image;
                p.labels = labels;
                pendingByName.put(name, p);
            }
            return;
        }
        if (name == null && image == null && labels.isEmpty() && ips.isEmpty()) {
            return; // nothing to learn
        }
        Info info = resolve(id, true);
        if (name != null) {
            if (info.name != null && !info.name.equals(name)) {
                idByName.remove(info.name);
            }
            info.name = name;
            idByName.put(name, info.id);
            Info p = pendingByName.remove(name);
            if (p != null) {
                merge(info, p.image, p.labels);
            }
        }
        merge(info, image, labels);
        if (!ips.isEmpty()) {
            info.ips = new LinkedHashSet<>(ips);
            for (String ip : ips) {
                idByIp.put(ip, info.id);
            }
        }
    }

    private static void merge(Info info, String image, Map<String, String> labels) {
        if (image != null) {
            info.image = image;
        }
        if (!labels.isEmpty()) {
            info.labels = labels;
        }
    }

    /** Returns the event with what the inventory knows added (never overwriting what the event has). */
    public synchronized Event enrich(Event e) {
        if (e == null || byId.isEmpty() && pendingByName.isEmpty()) {
            return e;      // nothing known, nothing to add (a scan of audit logs alone)
        }
        Map<String, Object> add = new LinkedHashMap<>();
        String id = e.string(Fields.CONTAINER_ID);
        String name = stripSlash(e.string(Fields.CONTAINER_NAME));
        boolean k8s = K8sAuditReader.TYPE.equals(e.source());
        Info info = null;
        if (id != null) {
            info = resolve(id, false);
        } else if (name != null && !k8s) {
            String known = idByName.get(name);
            info = known == null ? null : byId.get(known);
            if (info == null) {
                Info p = pendingByName.get(name);
                if (p != null) {
                    add.put(Fields.CONTAINER_IMAGE, p.image);
                    add.put(Fields.CONTAINER_LABELS, p.labels.isEmpty() ? null : p.labels);
                }
            }
        }
        if (info != null) {
            describe(info, "container", add);
            add.put(Fields.CONTAINER_IMAGE, info.image);
            add.put(Fields.CONTAINER_LABELS, info.labels.isEmpty() ? null : info.labels);
            add.put(Fields.CONTAINER_IPS, info.ips.isEmpty() ? null : List.copyOf(info.ips));
        }
        String sip = e.string(Fields.SOURCE_IP);
        String dip = e.string(Fields.DEST_IP);
        Info src = sip == null ? null : byIp(sip);
        Info dst = dip == null ? null : byIp(dip);
        if (src != null) {
            describe(src, "source.container", add);
        }
        if (dst != null) {
            describe(dst, "destination.container", add);
        }
        boolean flow = "flow".equals(e.string(Fields.EVENT_KIND)) || sip != null && dip != null;
        if (flow && src != null && id == null && name == null) {
            describe(src, "container", add);
            add.put(Fields.CONTAINER_IMAGE, src.image);
            add.put(Fields.CONTAINER_LABELS, src.labels.isEmpty() ? null : src.labels);
        }
        add.values().removeIf(v -> v == null);
        return add.isEmpty() ? e : e.withFields(add, false);
    }

    private static void describe(Info info, String prefix, Map<String, Object> add) {
        add.putIfAbsent(prefix + ".id", info.id);
        add.putIfAbsent(prefix + ".name", info.name);
    }

    /** What is known about a container, by id, id prefix (12+ characters) or name. */
    public synchronized Optional<Container> find(String idOrName) {
        if (idOrName == null) {
            return Optional.empty();
        }
        Info info = resolve(idOrName, false);
        if (info == null) {
            String id = idByName.get(stripSlash(idOrName));
            info = id == null ? null : byId.get(id);
        }
        return Optional.ofNullable(info).map(Info::snapshot);
    }

    /** The container that last had this IP address. */
    public synchronized Optional<Container> findByIp(String ip) {
        return Optional.ofNullable(ip == null ? null : byIp(ip)).map(Info::snapshot);
    }

    /** How many containers are remembered. */
    public synchronized int size() {
        return byId.size();
    }

    private Info byIp(String ip) {
        String id = idByIp.get(ip);
        return id == null ? null : byId.get(id);
    }

    /**
     * The container with this id or id prefix; with {@code create}, a new entry when unknown, and an entry kept
     * under a shorter id is moved to the full one.
     */
    private Info resolve(String id, boolean create) {
        Info info = byId.get(id);
        if (info != null) {
            return info;
        }
        if (id.length() >= SHORT_ID) {
            String known = idByShort.get(id.substring(0, SHORT_ID));
            Info other = known == null ? null : byId.get(known);
            if (other != null && (known.startsWith(id) || id.startsWith(known))) {
                if (!create || id.length() <= known.length()) {
                    return other;
                }
                byId.remove(known); // learned under a prefix; now the full id is known
                other.id = id;
                byId.put(id, other);
                idByShort.put(id.substring(0, SHORT_ID), id);
                if (other.name != null) {
                    idByName.put(other.name, id);
                }
                for (String ip : other.ips) {
                    idByIp.put(ip, id);
                }
                return other;
            }
        }
        if (!create) {
            return null;
        }
        info = new Info();
        info.id = id;
        byId.put(id, info);
        if (id.length() >= SHORT_ID) {
            idByShort.put(id.substring(0, SHORT_ID), id);
        }
        return info;
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    private static Map<String, String> labels(Object v) {
        if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, x) -> {
            if (k != null && x != null) {
                out.put(k.toString(), x.toString());
            }
        });
        return new CompactMap<>(out);
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o != null && !o.toString().isEmpty()) {
                    out.add(o.toString());
                }
            }
        } else if (v != null && !v.toString().isEmpty()) {
            out.add(v.toString());
        }
        return out;
    }
}
