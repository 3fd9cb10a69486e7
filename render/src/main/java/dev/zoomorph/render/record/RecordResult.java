package dev.zoomorph.render.record;

import java.time.Duration;

/**
 * What a recording run did. The times are sums per phase; encoding and writing run beside rendering (one frame
 * apart), so they add up to more than the run's wall-clock time when both sides are busy.
 *
 * @param rendered frames rendered by this run
 * @param complete frames of this run's share that exist now (rendered now or earlier)
 * @param total frames of this run's share
 * @param stopped whether {@link Recorder#stop} ended the run early
 * @param renderTime time in the generator
 * @param encodeTime time compressing frames (PNG deflate; H.264, VP9 and GIF encoding, including their buffered
 *     writes)
 * @param writeTime time writing files (PNG: write and rename; MP4 and GIF: finalising the file)
 */
public record RecordResult(
    int rendered, int complete, int total, boolean stopped, Duration renderTime, Duration encodeTime,
    Duration writeTime) {}
