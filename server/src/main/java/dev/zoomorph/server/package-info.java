/**
 * Where pixels leave the process. The embedding API ({@link dev.zoomorph.server.Zoomorph} →
 * {@link dev.zoomorph.server.ShowBuilder} → {@link dev.zoomorph.server.RunningShow}, and
 * {@link dev.zoomorph.server.Recording}); the live server it starts (render loop, control inputs on the show's control
 * bus, HTTP and WebSocket endpoints, publishing to NATS through the {@code relay} module); and the {@code zoomorph}
 * command line ({@link dev.zoomorph.server.Main} and its {@code *Command}s), built on that API.
 */
@NullMarked
package dev.zoomorph.server;

import org.jspecify.annotations.NullMarked;
