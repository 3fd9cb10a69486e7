/**
 * Past one machine: a show's encoded frames published to NATS ({@link dev.zoomorph.relay.NatsPublisher}, as
 * {@link dev.zoomorph.relay.FrameEnvelope}s) and relays that serve them to their own viewers with the show's viewer
 * page ({@link dev.zoomorph.relay.RelayServer}). Neither side waits for the other: the publisher drops frames while
 * NATS is slow or down, and both reconnect by themselves.
 *
 * <pre>{@code
 * NatsAddress address = NatsAddress.parse("nats://127.0.0.1:4222/zoomorph.show", System.getenv());
 * NatsPublisher publisher = new NatsPublisher(address, feed.jpegs());  // on the render node
 * RelayServer relay = RelayServer.start(address, "127.0.0.1", 8080);   // on each relay host
 * }</pre>
 */
@NullMarked
package dev.zoomorph.relay;

import org.jspecify.annotations.NullMarked;
