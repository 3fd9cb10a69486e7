package dev.zoomorph.server;

import dev.zoomorph.engine.show.Scene;

/**
 * The scene of a frame the show rendered: what the state stream ({@code /ws/show}) sends browsers that draw the
 * picture themselves.
 *
 * @param frame the show's frame number, from 0, rising by one per frame rendered
 * @param showNanos when the frame started, in nanoseconds since the show began (on the show's clock)
 */
record RenderedScene(long frame, long showNanos, Scene scene) {}
