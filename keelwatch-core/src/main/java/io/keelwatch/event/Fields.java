package io.keelwatch.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The normalized field names shared by all sources (ECS-style), with their value types. Readers fill what
 * they know; rules may name these or a source's native paths.
 */
public final class Fields {
    public enum Type { STRING, NUMBER, BOOLEAN, STRING_LIST, STRING_MAP, IP }

    public static final String EVENT_ACTION = "event.action";
    /** Coarse kind: api, lifecycle, exec, flow, metric, process, file, network, inventory, log. */
    public static final String EVENT_KIND = "event.kind";
    public static final String EVENT_OUTCOME = "event.outcome";
    public static final String EVENT_DATASET = "event.dataset";
    /** True when the record carried no time and the event's time was estimated (or is 0 until placed). */
    public static final String EVENT_TIME_ESTIMATED = "event.time_estimated";
    /** Duration of what the event describes (a flow, a connection), in nanoseconds. */
    public static final String EVENT_DURATION = "event.duration";
    /** Position of the record's sample in its file (docker stats: 0, 1, ... per sampling round). */
    public static final String EVENT_SEQUENCE = "event.sequence";

    public static final String CONTAINER_ID = "container.id";
    public static final String CONTAINER_NAME = "container.name";
    public static final String CONTAINER_IMAGE = "container.image.name";
    public static final String CONTAINER_LABELS = "container.labels";
    public static final String CONTAINER_PRIVILEGED = "container.privileged";
    public static final String CONTAINER_RUNTIME = "container.runtime";
    public static final String CONTAINER_EXIT_CODE = "container.exit_code";
    public static final String CONTAINER_CPU_PCT = "container.cpu.pct";
    /** CPU use in nanocores (kubelet usageNanoCores; 1e9 = one full core). */
    public static final String CONTAINER_CPU_NANOCORES = "container.cpu.nanocores";
    public static final String CONTAINER_MEMORY_BYTES = "container.memory.usage.bytes";
    public static final String CONTAINER_MEMORY_PCT = "container.memory.pct";
    public static final String CONTAINER_MEMORY_LIMIT = "container.memory.limit.bytes";
    public static final String CONTAINER_NET_RX = "container.network.ingress.bytes";
    public static final String CONTAINER_NET_TX = "container.network.egress.bytes";
    public static final String CONTAINER_PIDS = "container.pids";
    /** Host paths mounted into the container (Docker binds and mounts, pod hostPath volumes). */
    public static final String CONTAINER_HOST_PATHS = "container.mounts.host_paths";
    public static final String CONTAINER_HOST_PID = "container.host_pid";
    public static final String CONTAINER_HOST_NETWORK = "container.host_network";
    public static final String CONTAINER_HOST_IPC = "container.host_ipc";
    public static final String CONTAINER_CAP_ADD = "container.capabilities.add";
    public static final String CONTAINER_DEVICES = "container.devices";
    public static final String CONTAINER_SECURITY_OPT = "container.security_opt";
    public static final String CONTAINER_LOG_DRIVER = "container.log_driver";
    public static final String CONTAINER_AUTO_REMOVE = "container.auto_remove";
    public static final String CONTAINER_COMMAND_LINE = "container.command_line";
    public static final String CONTAINER_NETWORK_MODE = "container.network_mode";
    /** The container's IP addresses (docker inspect: every network's IPAddress). */
    public static final String CONTAINER_IPS = "container.ip";

    public static final String ORCH_NAMESPACE = "orchestrator.namespace";
    public static final String ORCH_RESOURCE_TYPE = "orchestrator.resource.type";
    public static final String ORCH_RESOURCE_NAME = "orchestrator.resource.name";
    public static final String ORCH_SUBRESOURCE = "orchestrator.resource.subresource";
    public static final String ORCH_API_GROUP = "orchestrator.api_group";
    public static final String ORCH_VERB = "orchestrator.verb";
    public static final String ORCH_STAGE = "orchestrator.stage";
    public static final String ORCH_NODE = "orchestrator.node";
    /** The peer's namespace and pod name in a flow between pods (Hubble); the source's are orchestrator.*. */
    public static final String DEST_ORCH_NAMESPACE = "destination.orchestrator.namespace";
    public static final String DEST_ORCH_RESOURCE_NAME = "destination.orchestrator.resource.name";

    public static final String USER_NAME = "user.name";
    public static final String USER_GROUPS = "user.groups";
    public static final String USER_ID = "user.id";
    public static final String USER_AGENT = "user_agent.original";

    public static final String SOURCE_IP = "source.ip";
    public static final String SOURCE_PORT = "source.port";
    public static final String DEST_IP = "destination.ip";
    public static final String DEST_PORT = "destination.port";
    public static final String SOURCE_CONTAINER_NAME = "source.container.name";
    public static final String DEST_CONTAINER_NAME = "destination.container.name";
    public static final String SOURCE_CONTAINER_ID = "source.container.id";
    public static final String DEST_CONTAINER_ID = "destination.container.id";
    public static final String NETWORK_TRANSPORT = "network.transport";
    public static final String NETWORK_BYTES = "network.bytes";
    public static final String NETWORK_PACKETS = "network.packets";
    /** Flow outcome normalized: established, rejected, unanswered, dropped, other. */
    public static final String NETWORK_STATE = "network.connection.state";
    /** ingress or egress, as the flow source reports it (Hubble traffic_direction, VPC flow-direction). */
    public static final String NETWORK_DIRECTION = "network.direction";

    public static final String PROCESS_NAME = "process.name";
    public static final String PROCESS_EXECUTABLE = "process.executable";
    public static final String PROCESS_ARGS = "process.args";
    public static final String PROCESS_COMMAND_LINE = "process.command_line";
    public static final String PROCESS_PID = "process.pid";
    public static final String PROCESS_USER = "process.user.name";
    public static final String PROCESS_PRIVILEGED = "process.privileged";
    /** For a shell run with -c: the programs its script runs (see ShellCommands). */
    public static final String PROCESS_SHELL_COMMANDS = "process.shell_commands";

    public static final String FILE_PATH = "file.path";
    /** Every path an event names (auditd PATH records), in record order. */
    public static final String FILE_PATHS = "file.paths";

    /** auditd rule keys (key=...), several when the rule set more than one. */
    public static final String AUDITD_KEY = "auditd.key";

    public static final String HTTP_METHOD = "http.request.method";
    public static final String HTTP_STATUS = "http.response.status_code";
    public static final String URL_PATH = "url.path";
    public static final String URL_ORIGINAL = "url.original";
    public static final String API_VERSION = "docker.api.version";
    /** Docker event object type: container, network, image, volume, daemon, plugin, ... */
    public static final String DOCKER_EVENT_TYPE = "docker.event.type";
    /** Docker exec instance id (exec_create/exec_start events, /exec/{id}/start calls). */
    public static final String DOCKER_EXEC_ID = "docker.exec.id";

    public static final String HOST_NAME = "host.name";
    public static final String LOG_LEVEL = "log.level";
    public static final String MESSAGE = "message";
    public static final String ERROR_MESSAGE = "error.message";
    /** For a failed Docker API call ({@code event.action=api_error}): the action that failed. */
    public static final String DOCKER_FAILED_ACTION = "docker.api.failed_action";

    private static final Map<String, Type> TYPES;

    static {
        Map<String, Type> t = new LinkedHashMap<>();
        for (String s : new String[]{EVENT_ACTION, EVENT_KIND, EVENT_OUTCOME, EVENT_DATASET, CONTAINER_ID,
                CONTAINER_NAME, CONTAINER_IMAGE, CONTAINER_RUNTIME, CONTAINER_LOG_DRIVER, CONTAINER_COMMAND_LINE,
                CONTAINER_NETWORK_MODE, ORCH_NAMESPACE, ORCH_RESOURCE_TYPE,
                ORCH_RESOURCE_NAME, ORCH_SUBRESOURCE, ORCH_API_GROUP, ORCH_VERB, ORCH_STAGE, ORCH_NODE, USER_NAME,
                USER_ID, USER_AGENT, SOURCE_CONTAINER_NAME, DEST_CONTAINER_NAME, SOURCE_CONTAINER_ID,
                DEST_CONTAINER_ID, NETWORK_TRANSPORT, NETWORK_STATE, PROCESS_NAME, PROCESS_EXECUTABLE,
                PROCESS_COMMAND_LINE, PROCESS_USER, FILE_PATH, HTTP_METHOD, URL_PATH, URL_ORIGINAL, API_VERSION,
                DOCKER_EVENT_TYPE, DOCKER_EXEC_ID, HOST_NAME, LOG_LEVEL, MESSAGE, ERROR_MESSAGE, DOCKER_FAILED_ACTION}) {
            t.put(s, Type.STRING);
        }
        for (String s : new String[]{CONTAINER_EXIT_CODE, CONTAINER_CPU_PCT, CONTAINER_MEMORY_BYTES,
                CONTAINER_MEMORY_PCT, CONTAINER_MEMORY_LIMIT, CONTAINER_NET_RX, CONTAINER_NET_TX, CONTAINER_PIDS,
                SOURCE_PORT, DEST_PORT, NETWORK_BYTES, NETWORK_PACKETS, PROCESS_PID, HTTP_STATUS, EVENT_DURATION,
                EVENT_SEQUENCE, CONTAINER_CPU_NANOCORES}) {
            t.put(s, Type.NUMBER);
        }
        t.put(CONTAINER_PRIVILEGED, Type.BOOLEAN);
        t.put(PROCESS_PRIVILEGED, Type.BOOLEAN);
        t.put(CONTAINER_HOST_PID, Type.BOOLEAN);
        t.put(CONTAINER_HOST_NETWORK, Type.BOOLEAN);
        t.put(CONTAINER_HOST_IPC, Type.BOOLEAN);
        t.put(CONTAINER_AUTO_REMOVE, Type.BOOLEAN);
        t.put(EVENT_TIME_ESTIMATED, Type.BOOLEAN);
        t.put(FILE_PATHS, Type.STRING_LIST);
        t.put(AUDITD_KEY, Type.STRING_LIST);
        t.put(CONTAINER_HOST_PATHS, Type.STRING_LIST);
        t.put(CONTAINER_CAP_ADD, Type.STRING_LIST);
        t.put(CONTAINER_DEVICES, Type.STRING_LIST);
        t.put(CONTAINER_SECURITY_OPT, Type.STRING_LIST);
        t.put(CONTAINER_IPS, Type.STRING_LIST);
        t.put(SOURCE_IP, Type.IP);
        t.put(DEST_IP, Type.IP);
        t.put(PROCESS_ARGS, Type.STRING_LIST);
        t.put(PROCESS_SHELL_COMMANDS, Type.STRING_LIST);
        t.put(USER_GROUPS, Type.STRING_LIST);
        t.put(CONTAINER_LABELS, Type.STRING_MAP);
        TYPES = Collections.unmodifiableMap(t);
    }

    private Fields() {
    }

    /** The known normalized fields and their types. Sources may add more (see each reader's documentation). */
    public static Map<String, Type> known() {
        return TYPES;
    }

    public static boolean isKnown(String name) {
        return TYPES.containsKey(name);
    }
}
