package dev.zoomorph.engine.control;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The live show as its inputs see it: one address space (under {@code /zoomorph/}) that OSC, MIDI and the HTTP API
 * can describe, read and change. Implementations are thread-safe: inputs call from their own threads.
 */
public interface ControlSurface {

  /**
   * Applies one change. Values outside a parameter's range are clamped.
   *
   * @return what was applied (the values clamped, parsed), or null for a message that changes nothing (a button's
   *     release)
   * @throws ControlException naming the address and the problem (unknown address, wrong argument count or type,
   *     non-finite value, a preset that cannot be loaded); the show is unchanged
   */
  @Nullable ControlMessage apply(ControlMessage message);

  /** Every address with its types, ranges and current value, in address order (for OSCQuery and the state API). */
  List<ControlParameter> parameters();
}
