package dev.zoomorph.render.record;

import java.util.BitSet;

/**
 * Which frames of a recording one run renders: a {@link Shard} ({@code --shard K/N}, {@code --shard-count N}) or
 * explicit {@link FrameRanges} ({@code --frames 1-10,20-30}). Frame numbers are those of the file names, from 0.
 */
public sealed interface FrameSelection permits Shard, FrameRanges {

  /**
   * The frames this selects among a recording's {@code frameCount}.
   *
   * @throws IllegalArgumentException if it names a frame past the recording's end
   */
  BitSet frames(int frameCount);
}
