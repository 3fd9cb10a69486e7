/**
 * The runnable app: the {@code zoomorph} command line ({@link dev.zoomorph.server.Main}) and the live server that
 * renders a {@link dev.zoomorph.server.Show} on its own thread and broadcasts it to browsers over WebSockets.
 * {@link dev.zoomorph.server.Shows} turns a preset name into a show.
 */
@NullMarked
package dev.zoomorph.server;

import org.jspecify.annotations.NullMarked;
