package dev.zoomorph.engine.control.osc;

import java.net.InetSocketAddress;

/** An OSC message as it arrived: who sent it (where an answer goes) and the message. */
public record OscReceived(InetSocketAddress sender, OscMessage message) {}
