package io.keelwatch.source;

import java.util.List;

/** The readers that ship with Keelwatch, in detection-tie order. */
final class BuiltInReaders {
    private BuiltInReaders() {
    }

    static List<SourceReader> all() {
        return List.of(
                // readers are added here as they are written
                new DockerStatsReader(),
                new EngineStatsReader(),
                new KubeletStatsReader(),
                new ZeekConnReader(),
                new HubbleFlowReader(),
                new VpcFlowReader(),
                new ConntrackReader(),
                new AuditdReader(),
                new K8sAuditReader(),
                new DockerEventsReader(),
                new DockerdLogReader(),
                new DockerInspectReader(),
                new PcapFlowReader(),
                new JsonLogReader()   // any JSON, claimed weakly: every other reader wins detection
        );
    }
}
