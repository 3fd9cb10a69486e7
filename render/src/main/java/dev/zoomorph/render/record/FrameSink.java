package dev.zoomorph.render.record;

import dev.zoomorph.engine.generator.Frame;

/**
 * Where recorded frames go. Frames arrive in increasing order; {@link #close} finalises the output, {@link #discard}
 * gives it up after a failure.
 */
interface FrameSink extends AutoCloseable {

  /** Encodes and stores frame {@code index} (its global number in the recording). */
  void write(int index, Frame frame);

  /** Time spent turning frames into the output's encoding, in nanoseconds. */
  long encodeNanos();

  /** Time spent writing encoded bytes to storage (and finalising), in nanoseconds. */
  long writeNanos();

  /** Finalises the output so it is valid and playable with the frames written so far; idempotent. */
  @Override
  void close();

  /**
   * Gives the output up after the run failed: a movie, written under a temporary name, is deleted, so nothing
   * half-made is left under its name (frames already complete stay). Never throws: the run's failure is the one to
   * report.
   */
  void discard();
}
