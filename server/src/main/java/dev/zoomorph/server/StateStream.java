package dev.zoomorph.server;

import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.show.Scene;
import dev.zoomorph.web.StateBroadcast;
import dev.zoomorph.web.StateFrame;
import dev.zoomorph.web.StateSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The state stream's encoder: takes the scene of each rendered frame off the render thread (the newest one, while a
 * frame encodes) and turns it into one frame message ({@link StateMessages#frame}), encoded once for every viewer.
 * It gives each model a number the first time a scene shows it and keeps that model's message (its weights, read on
 * this thread, never the render thread's) for the viewers that have not had it yet; a {@link StateBroadcast} sends
 * them to this server's viewers, and a {@code NatsPublisher} to relays'. Nothing is encoded while nobody watches.
 */
final class StateStream implements StateSource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StateStream.class);
  /** Models kept for viewers that have not had them yet; a show draws one, or two while it crossfades. */
  private static final int MODELS_KEPT = 8;

  private final EncoderThread thread = new EncoderThread("zoomorph-state");
  private final Sinks.Many<StateFrame> frames = Sinks.many().multicast().directBestEffort();
  private final byte[] palettes = StateMessages.palettes();
  /** Model messages by number, for the viewers' threads. */
  private final Map<Integer, byte[]> modelMessages = new ConcurrentHashMap<>();
  /** Encoder thread: each model's number, least recently drawn first. */
  private final LinkedHashMap<ModelSpec, Integer> modelIds = new LinkedHashMap<>(16, 0.75f, true);
  private final Disposable subscription;
  private int nextModelId = 1;

  /** Encodes the scenes while {@code watched} says someone watches. */
  StateStream(Flux<RenderedScene> scenes, BooleanSupplier watched) {
    this.subscription = thread
        .encodeNewest(scenes, watched, this::encode, log, "frame state")
        .subscribe(frames::tryEmitNext, this::scenesFailed, frames::tryEmitComplete);
  }

  private void scenesFailed(Throwable error) {
    log.error("the scene stream failed; the state stream stops", error);
    frames.tryEmitComplete();
  }

  private StateFrame encode(RenderedScene scene) {
    ModelSpec current = scene.scene().current().preset().model();
    int currentId = idOf(current);
    Scene.@Nullable Layer fading = scene.scene().fading();
    int[] models = fading == null ? new int[] {currentId} : new int[] {currentId, idOf(fading.preset().model())};
    return new StateFrame(scene.frame(), StateMessages.frame(scene, this::idOf), models);
  }

  /** The model's number, encoding its message the first time it is drawn. Encoder thread. */
  private int idOf(ModelSpec model) {
    Integer known = modelIds.get(model);
    if (known != null) {
      return known;
    }
    int id = nextModelId++;
    byte[] message;
    try {
      message = encodeModel(id, model);
    } catch (RuntimeException e) {
      // The show plays it, so this is unlikely; viewers then take the JPEG stream for it.
      log.warn("model {} cannot be sent to viewers: {}", model, e.toString());
      message = StateMessages.notACppn(id, "unreadable model", 3, model.latentSize());
    }
    modelMessages.put(id, message);
    modelIds.put(model, id);
    if (modelIds.size() > MODELS_KEPT) {
      Map.Entry<ModelSpec, Integer> eldest = modelIds.entrySet().iterator().next();
      modelMessages.remove(eldest.getValue());
      modelIds.remove(eldest.getKey());
    }
    return id;
  }

  private static byte[] encodeModel(int id, ModelSpec model) {
    if (model instanceof ModelSpec.RandomCppn cppn) {
      return StateMessages.cppn(id, "random-cppn " + cppn.seed(), CppnWeights.random(cppn.spec(), cppn.seed()));
    }
    String name = ((ModelSpec.Trained) model).name();
    // A path names a file on this machine: viewers see its file name only.
    String shown = String.valueOf(Path.of(name).getFileName());
    ModelFile file = ModelFile.load(name);
    return file.metadata().kind().isCppn()
        ? StateMessages.cppn(id, shown, file.cppnWeights())
        : StateMessages.notACppn(id, shown, file.metadata().channels(), file.metadata().latentSize());
  }

  /** The palettes message every viewer gets first. */
  @Override
  public byte[] palettes() {
    return palettes;
  }

  /**
   * Each frame's state from now on; completes when the scenes do. Delivered on the encoder thread: subscribers hand
   * frames off, and those that lag miss frames.
   */
  @Override
  public Flux<StateFrame> frames() {
    return frames.asFlux();
  }

  /** The message of model {@code id}, or null once it has dropped out (a frame that needs it is then skipped). */
  @Override
  public byte @Nullable [] model(int id) {
    return modelMessages.get(id);
  }

  /** Stops encoding; idempotent. */
  @Override
  public void close() {
    subscription.dispose();
    thread.close();
    frames.tryEmitComplete();
  }
}
