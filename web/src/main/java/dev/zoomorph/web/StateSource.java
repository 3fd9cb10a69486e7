package dev.zoomorph.web;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Where a {@link StateBroadcast} takes the state stream from: a show's encoder on the render node, or NATS on a
 * relay. The messages are those docs/state-stream.md specifies; a broadcast passes them on unread.
 */
public interface StateSource {

  /** Each frame's state from now on; lagging subscribers miss frames. */
  Flux<StateFrame> frames();

  /** The palettes message every viewer gets first, or null while it is not known yet (a relay that just started). */
  byte @Nullable [] palettes();

  /** The message of model {@code id}, or null when it is not (or no longer) known: a frame that needs it is skipped. */
  byte @Nullable [] model(int id);
}
