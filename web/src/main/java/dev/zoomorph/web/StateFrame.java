package dev.zoomorph.web;

/**
 * One frame of the state stream: its message, encoded once for every viewer, and the models it draws with (each
 * viewer must have had their messages first).
 *
 * @param frame the rendered frame's number, rising
 * @param message the frame message (docs/state-stream.md)
 * @param models the numbers of the models the frame draws with: one, or two while presets crossfade
 */
public record StateFrame(long frame, byte[] message, int[] models) {}
