package dev.zoomorph.engine.control;

import java.util.List;

/**
 * The live show as its inputs see it: one address space (under {@code /zoomorph/}) that OSC, MIDI and the HTTP API
 * can describe, read and change. Implementations are thread-safe: inputs call from their own threads.
 */
public interface ControlSurface {

  /**
   * Applies one change. Values outside a parameter's range are clamped.
   *
   * @throws IllegalArgumentException naming the address and the problem (unknown address, wrong argument count or
   *     type, non-finite value); the show is unchanged
   */
  void apply(ControlMessage message);

  /** Every address with its types, ranges and current value, in address order (for OSCQuery and the state API). */
  List<ControlParameter> parameters();
}
