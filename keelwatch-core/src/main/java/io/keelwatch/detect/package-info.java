/**
 * The stateful detection runtime: detectors that keep per-key state across events, the reorder buffer that feeds
 * them in event-time order, and suppression of repeated detections. Independent of the rule language: a detector
 * receives its filter as a {@code Predicate<Event>} (the compiled condition) and its keys as
 * {@link io.keelwatch.event.FieldPath} lists, and reports {@link io.keelwatch.detect.Detection}s, which the
 * integrator turns into alerts.
 *
 * <h2>Pipeline</h2>
 * {@link io.keelwatch.detect.DetectionEngine}: events → {@link io.keelwatch.detect.Watermarker} (holds events up to
 * the allowed lateness and releases them in time order; watermark = newest time seen − lateness; events at or before
 * the watermark are processed at once and counted late; end of input flushes with watermark {@code Long.MAX_VALUE})
 * → every {@link io.keelwatch.detect.StatefulDetector} → optional {@link io.keelwatch.detect.Suppressor} → sink.
 *
 * <h2>Kinds</h2>
 * <ul>
 *   <li>{@link io.keelwatch.detect.ThresholdDetector} ({@link io.keelwatch.detect.ThresholdConfig}): count or
 *       distinct count per key over a sliding window — inspect sweeps, port scans, API discovery, refused
 *       requests.</li>
 *   <li>{@link io.keelwatch.detect.SequenceDetector} ({@link io.keelwatch.detect.SequenceConfig}): ordered steps by
 *       key within a maxspan, with absent steps in between and at the end.</li>
 *   <li>{@link io.keelwatch.detect.LifetimeDetector} ({@link io.keelwatch.detect.LifetimeConfig}): short-lived
 *       entities with their activity profile, and bursts of them ({@code docker run -d --rm}).</li>
 *   <li>{@link io.keelwatch.detect.FirstSeenDetector} ({@link io.keelwatch.detect.FirstSeenConfig}): a value new
 *       for its key after learning — new egress destinations, new inter-container edges.</li>
 *   <li>{@link io.keelwatch.detect.BaselineDetector} ({@link io.keelwatch.detect.BaselineConfig}): a value or rate
 *       far above the key's EWMA baseline and an absolute floor, or above a static floor while the key is young —
 *       miners.</li>
 *   <li>{@link io.keelwatch.detect.MatchDetector}: stateless rules, so they share ordering and suppression.</li>
 * </ul>
 *
 * <h2>Determinism</h2>
 * Everything is in event time. Detectors resolve a key's timers (absence windows, lifetimes) and idle eviction
 * lazily when the key's next event arrives as well as at watermarks, so for input that is not late the detections
 * are the same whatever the watermark cadence — hence the same for any input order within the lateness (emission
 * order across keys can differ; content does not). Detections raised in one watermark step are emitted sorted by
 * (time, key). Snapshots ({@code snapshot()} / {@code restore()}, Jackson trees) hold all state including counters,
 * the reorder buffer and open suppression groups; restoring into fresh objects built with the same configuration
 * continues exactly as if never interrupted.
 *
 * <h2>Bounded state</h2>
 * Each keyed detector has {@link io.keelwatch.detect.StateLimits}: a TTL (keys idle longer, in event time, are
 * dropped: {@code ttl}) and a key cap (least recently used dropped: {@code max_keys}); both are counted in
 * {@link io.keelwatch.detect.DetectorStats}. State that can no longer matter is dropped without loss and counted
 * separately ({@code expired}, {@code outlived}). Per-key collections are capped too (distinct values, known values,
 * one partial match per sequence stage, evidence events).
 *
 * <p>Single-threaded: one engine per thread.
 */
package io.keelwatch.detect;
