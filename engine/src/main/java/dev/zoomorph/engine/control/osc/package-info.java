/**
 * Open Sound Control (OSC 1.0) input: a codec ({@link dev.zoomorph.engine.control.osc.OscCodec}), a UDP server on
 * reactor-netty ({@link dev.zoomorph.engine.control.osc.OscServer}) and the adapter that turns
 * OSC messages, address patterns expanded, into control messages for the control bus
 * ({@link dev.zoomorph.engine.control.osc.OscControls}).
 *
 * <p>The codec is hand-written from the OSC 1.0 specification because no maintained Java OSC codec exists for Netty:
 * javaosc (the only living Java library) brings its own blocking transport and end-of-life log4j 1.2, and is used
 * here only as an independent peer in tests.
 */
@NullMarked
package dev.zoomorph.engine.control.osc;

import org.jspecify.annotations.NullMarked;
