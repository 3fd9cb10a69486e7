package dev.zoomorph.engine.show;

/**
 * One tick of a {@link FrameClock}: a frame starts.
 *
 * @param index frames since the clock started, from 0
 * @param nanos when the frame starts, on the show's clock
 */
public record FrameTick(long index, long nanos) {}
