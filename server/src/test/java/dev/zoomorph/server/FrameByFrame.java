package dev.zoomorph.server;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.show.FrameTick;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * A show's frames one at a time, on the test's thread: what the render loop does per tick (the show's scenes, each
 * rendered), with a tick sent by hand at the show clock's time now.
 */
final class FrameByFrame {
  private final Scheduler clock;
  private final Sinks.Many<FrameTick> ticks = Sinks.many().unicast().onBackpressureBuffer();
  private final Queue<Frame> frames = new ArrayDeque<>();
  private long index;

  /** Frames of {@code show}, whose clock is {@code clock}. */
  FrameByFrame(Show show, Scheduler clock) {
    this.clock = clock;
    show.controls().scenes(ticks.asFlux()).map(show::render).subscribe(frames::add);
  }

  /** The frame that starts now. */
  Frame next() {
    ticks.emitNext(new FrameTick(index++, clock.now(TimeUnit.NANOSECONDS)), Sinks.EmitFailureHandler.FAIL_FAST);
    return frames.remove();
  }
}
