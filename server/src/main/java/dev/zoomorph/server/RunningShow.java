package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.trajectory.Followed;
import dev.zoomorph.relay.NatsPublisher;
import dev.zoomorph.render.WindowOutput;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A show playing, made by {@link ShowBuilder#start()}: its frames, its control bus, where it is served, and
 * {@link #close()}, which stops it (inputs, server and sockets, render loop, window, generators) once.
 */
public final class RunningShow implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final LiveServer live;
  private final @Nullable WindowOutput window;
  private final @Nullable Followed followed;
  private final @Nullable NatsPublisher publisher;
  private final @Nullable LiveRecording recording;
  private final @Nullable PlaylistInput playlist;
  private final ApiToken token;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closeDone = new CountDownLatch(1);
  private volatile @Nullable Thread closing;
  /** Closes a recording show as the JVM exits (Ctrl-C, main returning) if the program did not; null without one. */
  private final @Nullable Thread closeAtExit;

  RunningShow(LiveServer live, @Nullable WindowOutput window, @Nullable Followed followed,
      @Nullable NatsPublisher publisher, @Nullable LiveRecording recording, @Nullable PlaylistInput playlist,
      ApiToken token) {
    this.live = live;
    this.window = window;
    this.followed = followed;
    this.publisher = publisher;
    this.recording = recording;
    this.playlist = playlist;
    this.token = token;
    // The show's threads are daemons, so a program that forgot close() exits at once: a movie is finalised only by
    // closing, and would be left a temporary file.
    this.closeAtExit = recording == null ? null : new Thread(this::close, "zoomorph-close-at-exit");
    if (closeAtExit != null) {
      Runtime.getRuntime().addShutdownHook(closeAtExit);
    }
  }

  /**
   * The frames from now on, as rendered: at the playing preset's {@code renderScale} of the show's size (viewers of
   * the served stream get them upscaled to the size); completes when the show stops. Each subscriber gets them on a
   * thread of its own (Reactor's bounded elastic pool), the newest frame whenever it is ready for one: a subscriber
   * that works on them in place and lags misses frames, and never holds the show up.
   */
  public Flux<Frame> frames() {
    // The render loop's own stream is on the render thread: what a subscriber did there would hold every frame up.
    return live.renderLoop().frames().onBackpressureLatest().publishOn(Schedulers.boundedElastic(), 1);
  }

  /** The control bus: attach a {@code Flux<ControlMessage>} of your own, submit one, or follow what was applied. */
  public ControlBus controls() {
    return inputs().bus();
  }

  /** The preset playing now. */
  public Preset preset() {
    return live.show().controls().preset();
  }

  /** The HTTP port, when served. */
  public OptionalInt httpPort() {
    return live.isServed() ? OptionalInt.of(live.port()) : OptionalInt.empty();
  }

  /** The address HTTP and OSC are bound to. */
  public @Nullable String httpHost() {
    return live.isServed() ? live.host() : null;
  }

  /** The OSC address, when OSC is on. */
  public @Nullable InetSocketAddress oscAddress() {
    return inputs().oscAddress();
  }

  /** The MIDI input's name, when one is open. */
  public @Nullable String midiDevice() {
    ControlInputs.MidiStats stats = inputs().midiStats();
    return stats == null ? null : stats.device();
  }

  /**
   * The audio input, when one is open: its device, sample rate, buffer and latency (what {@code /api/state} says
   * under {@code inputs.audio}).
   */
  public @Nullable String audioInput() {
    ControlInputs.AudioStats stats = inputs().audioStats();
    return stats == null ? null : String.format("'%s', %d Hz, buffer %d frames, sound to features within %.0f ms",
        stats.device(), stats.sampleRate(), stats.bufferFrames(), stats.latencyMillis());
  }

  /** The secret the HTTP control API requires. */
  public String token() {
    return token.value();
  }

  /** Frames written to the {@link ShowBuilder#recordTo} file so far; 0 without one. */
  public int recordedFrames() {
    return recording == null ? 0 : recording.written();
  }

  /**
   * Why the {@link ShowBuilder#recordTo} recording stopped while the show plays on (a full disk, its folder gone:
   * a {@link dev.zoomorph.render.record.OutputWriteException}), or null. The frames written before are kept.
   */
  public @Nullable RuntimeException recordingFailure() {
    return recording == null ? null : recording.failure();
  }

  /**
   * Why latents of the program's own stream ({@link ShowBuilder#latents}) were dropped (another size than the model
   * takes: an {@link IllegalArgumentException}) or why that stream ended with an error, the newest; null while all
   * came through, or without one. The show plays on the last latent that came through.
   */
  public @Nullable RuntimeException latentsFailure() {
    return followed == null ? null : followed.failure();
  }

  /** Frames rendered so far. */
  public long frameCount() {
    return live.renderLoop().frameCount();
  }

  /**
   * Waits until the show is closed or its window's viewer asks to stop (Esc, Q, the close button), at most
   * {@code timeout}; true if it is stopped or asked to. An interrupt ends the wait early (the flag stays set).
   */
  public boolean awaitStop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long end = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = end - System.nanoTime();
        Duration step = Duration.ofNanos(Math.max(0, Math.min(left, POLL.toNanos())));
        if (live.awaitClose(step) || (window != null && window.closeRequested())) {
          return true;
        }
        if (left <= 0) {
          return false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The server, for the CLI and tests in this package. */
  LiveServer server() {
    return live;
  }

  private ControlInputs inputs() {
    return Objects.requireNonNull(live.controls(), "a built show always has control inputs");
  }

  /**
   * Stops publishing, serving, rendering and taking input, finishes the recording, then closes the window and frees
   * the generators; idempotent. Returns once all that is done, whichever thread called first: a second call while
   * another thread closes the show waits for it (the JVM's exit hook, too, must not let the JVM end before the
   * recording is finalised), unless interrupted.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      if (Thread.currentThread() == closing) {
        return; // called back from within the close (a subscriber told of the end): waiting would never end
      }
      try {
        closeDone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    closing = Thread.currentThread();
    try {
      closeOnce();
    } finally {
      closeDone.countDown();
    }
  }

  private void closeOnce() {
    if (closeAtExit != null && Thread.currentThread() != closeAtExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(closeAtExit);
      } catch (IllegalStateException e) {
        // the JVM is exiting: its hooks run now, and this close does the hook's work
      }
    }
    if (playlist != null) {
      playlist.close(); // no switch may start while the show closes
    }
    if (publisher != null) {
      publisher.close();
    }
    live.close();
    if (recording != null) {
      recording.close(); // the frames have ended: the file takes what is buffered, then is finalised
    }
    if (window != null) {
      window.close();
    }
    if (followed != null) {
      followed.dispose();
    }
  }
}
