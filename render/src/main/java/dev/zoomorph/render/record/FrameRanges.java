package dev.zoomorph.render.record;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Frame ranges in the render-farm chunk convention of Deadline, OpenCue and Flamenco: {@code A-B} (inclusive),
 * {@code A-B:STEP} (every STEP-th frame from A up to B), a single frame {@code N}, and comma-separated lists of
 * these ({@code 1-10,20-30}). Overlapping ranges select their union.
 */
public record FrameRanges(List<Span> spans) implements FrameSelection {

  /** Frames {@code first}, {@code first + step}, … up to and including {@code last}. */
  public record Span(int first, int last, int step) {
    public Span {
      if (first < 0) {
        throw new IllegalArgumentException("frame numbers start at 0, not " + first);
      }
      if (last < first) {
        throw new IllegalArgumentException("end " + last + " is before start " + first);
      }
      if (step < 1) {
        throw new IllegalArgumentException("step " + step + " must be at least 1");
      }
      if (last >= RecordSettings.MAX_FRAMES) {
        throw new IllegalArgumentException(
            "frame " + last + " is past the last frame a recording can have, " + (RecordSettings.MAX_FRAMES - 1));
      }
    }

    @Override
    public String toString() {
      if (first == last) {
        return Integer.toString(first);
      }
      return first + "-" + last + (step == 1 ? "" : ":" + step);
    }
  }

  private static final Pattern SPAN = Pattern.compile("(\\d+)(?:-(\\d+)(?::(\\d+))?)?");

  public FrameRanges {
    if (spans.isEmpty()) {
      throw new IllegalArgumentException("no frames given");
    }
    spans = List.copyOf(spans);
  }

  /**
   * Parses {@code A-B}, {@code A-B:STEP}, {@code N} and comma-separated lists of them.
   *
   * @throws IllegalArgumentException naming the part that is wrong and how
   */
  public static FrameRanges parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("no frames given: write A-B, A-B:STEP or a list such as 1-10,20-30");
    }
    List<Span> spans = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException("empty range in the list: remove the extra comma");
      }
      Matcher m = SPAN.matcher(trimmed);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + trimmed + "' is not a frame range: write N, A-B or A-B:STEP"
            + " with whole numbers from 0");
      }
      int first = number(m.group(1));
      int last = m.group(2) == null ? first : number(m.group(2));
      int step = m.group(3) == null ? 1 : number(m.group(3));
      spans.add(new Span(first, last, step));
    }
    return new FrameRanges(spans);
  }

  /** The ranges of the set bits of {@code frames}, as runs of consecutive frames; at least one bit must be set. */
  public static FrameRanges of(BitSet frames) {
    List<Span> spans = new ArrayList<>();
    for (int first = frames.nextSetBit(0); first >= 0; first = frames.nextSetBit(first)) {
      int end = frames.nextClearBit(first);
      spans.add(new Span(first, end - 1, 1));
      first = end;
    }
    return new FrameRanges(spans);
  }

  private static int number(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException tooLong) {
      throw new IllegalArgumentException("frame " + digits + " is past the last frame a recording can have, "
          + (RecordSettings.MAX_FRAMES - 1), tooLong);
    }
  }

  @Override
  public BitSet frames(int frameCount) {
    BitSet frames = new BitSet(frameCount);
    for (Span span : spans) {
      if (span.last() >= frameCount) {
        throw new IllegalArgumentException("frame " + span.last() + " is past the end: the recording has "
            + frameCount + " frames, 0-" + (frameCount - 1));
      }
      for (int f = span.first(); f <= span.last(); f += span.step()) {
        frames.set(f);
      }
    }
    return frames;
  }

  /** The ranges as {@link #parse} reads them. */
  @Override
  public String toString() {
    return spans.stream().map(Span::toString).collect(Collectors.joining(","));
  }
}
