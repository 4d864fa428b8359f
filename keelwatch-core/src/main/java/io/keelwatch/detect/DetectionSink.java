package io.keelwatch.detect;

/** Receives detections as detectors raise them. */
@FunctionalInterface
public interface DetectionSink {
    void accept(Detection detection);
}
