package dev.zoomorph.render.record;

import java.util.BitSet;

/**
 * Shard {@code index} of {@code count} (1-based, as in {@code --shard 2/4}): a contiguous chunk of the frames, so
 * {@code count} machines that each render one shard into the same (or a merged) folder produce the whole sequence.
 * Frame numbers stay global, and chunk sizes differ by at most one frame.
 */
public record Shard(int index, int count) implements FrameSelection {

  /** All frames on one machine. */
  public static final Shard WHOLE = new Shard(1, 1);

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, was " + count);
    }
    if (index < 1 || index > count) {
      throw new IllegalArgumentException("shard " + index + "/" + count + " is out of range: K must be in 1.." + count);
    }
  }

  /** Parses {@code K/N}. */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("shard must be K/N, such as 2/4, was '" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard must be K/N with whole numbers, such as 2/4, was '" + text + "'", e);
    }
  }

  /** The first frame of this shard among {@code frameCount}. */
  public int firstFrame(int frameCount) {
    return (int) ((long) (index - 1) * frameCount / count);
  }

  /** One past the last frame of this shard among {@code frameCount}. */
  public int endFrame(int frameCount) {
    return (int) ((long) index * frameCount / count);
  }

  @Override
  public BitSet frames(int frameCount) {
    BitSet frames = new BitSet(frameCount);
    frames.set(firstFrame(frameCount), endFrame(frameCount));
    return frames;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
