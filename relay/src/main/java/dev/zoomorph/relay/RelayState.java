package dev.zoomorph.relay;

import dev.zoomorph.web.StateFrame;
import dev.zoomorph.web.StateSource;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A relay's state stream, as NATS brings it: the palettes and the models' messages kept for viewers that connect
 * later, and each frame's state handed on. Written on the NATS dispatcher thread only, read from viewers' threads.
 */
final class RelayState implements StateSource, AutoCloseable {

  /** Models kept; a show draws one, or two while it crossfades, and announces only those. */
  private static final int MODELS_KEPT = 8;

  private final Sinks.Many<StateFrame> frames = Sinks.many().multicast().directBestEffort();
  private final Map<Integer, byte[]> models = new ConcurrentHashMap<>();
  private volatile byte @Nullable [] palettes;

  /** Dispatcher thread: forgets what the previous stream (a show since restarted) numbered its models with. */
  void restart() {
    models.clear();
    palettes = null;
  }

  /** Dispatcher thread: a kind 3 payload. */
  void palettes(byte[] data, int offset, int length) {
    palettes = Arrays.copyOfRange(data, offset, offset + length);
  }

  /** Dispatcher thread: a kind 4 payload. */
  void model(byte[] data, int offset, int length) throws FrameEnvelope.UnreadableException {
    if (length < 4) {
      throw new FrameEnvelope.UnreadableException("a model message of " + length + " bytes has no model number");
    }
    int id = ByteBuffer.wrap(data, offset, 4).getInt();
    models.put(id, Arrays.copyOfRange(data, offset + 4, offset + length));
    if (models.size() > MODELS_KEPT) {
      // Numbers rise as a show meets new models: the lowest is the one it drew longest ago.
      models.keySet().stream().min(Integer::compare).ifPresent(models::remove);
    }
  }

  /** Dispatcher thread: a kind 2 payload, the state of rendered frame {@code frame}. */
  void frame(long frame, byte[] data, int offset, int length) throws FrameEnvelope.UnreadableException {
    int count = length < 1 ? -1 : data[offset] & 0xff;
    if (count < 1 || length < 1 + 4 * count) {
      throw new FrameEnvelope.UnreadableException("a state message of " + length + " bytes names no models");
    }
    ByteBuffer ids = ByteBuffer.wrap(data, offset + 1, 4 * count);
    int[] drawnWith = new int[count];
    for (int i = 0; i < count; i++) {
      drawnWith[i] = ids.getInt();
    }
    int start = offset + 1 + 4 * count;
    frames.tryEmitNext(new StateFrame(frame, Arrays.copyOfRange(data, start, offset + length), drawnWith));
  }

  @Override
  public Flux<StateFrame> frames() {
    return frames.asFlux();
  }

  @Override
  public byte @Nullable [] palettes() {
    return palettes;
  }

  @Override
  public byte @Nullable [] model(int id) {
    return models.get(id);
  }

  /** Ends the frames; idempotent. */
  @Override
  public void close() {
    frames.tryEmitComplete();
  }
}
