package dev.zoomorph.engine.preset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.json.Required;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A show preset.
 *
 * @param renderScale the generator renders at this fraction of the output size and the result is upscaled
 *     (1 = full resolution); lets a small CPU reach the live frame rate
 * @param tempo musical time: starting tempo, meter, beat-locked keyframes and keyframe quantizing
 * @param smoothingSeconds time constant with which continuous controls (latent, speed, zoom, centre) follow their
 *     inputs, 0..10 (0: no smoothing)
 * @param crossfadeSeconds how long switching to this preset live takes, 0..60 (0: a cut)
 * @param midi the MIDI bindings that play this preset (saved by MIDI learn)
 * @param post post-processing in a shader: contrast, gamma, soft threshold, palette for one-channel models
 * @param audio how the preset listens to the audio input ({@code serve --audio}, {@code record --audio}): bands,
 *     bindings of features to controls, spectrum to latent
 * @param directions latent directions by name, each played by {@code /zoomorph/direction/NAME}: the picture's latent
 *     gets amount × direction added
 */
public record Preset(
    String name,
    String description,
    ModelSpec model,
    TrajectorySpec trajectory,
    ViewSpec view,
    double renderScale,
    TempoSpec tempo,
    double smoothingSeconds,
    double crossfadeSeconds,
    List<MidiBinding> midi,
    PostSpec post,
    AudioSpec audio,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, DirectionSpec> directions) {

  /** Default {@link #smoothingSeconds()}. */
  public static final double DEFAULT_SMOOTHING_SECONDS = 0.1;
  /** Default {@link #crossfadeSeconds()}. */
  public static final double DEFAULT_CROSSFADE_SECONDS = 2;

  public Preset {
    requirePresent("name", name);
    requirePresent("model", model);
    requirePresent("trajectory", trajectory);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException(
          "name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, was '" + name + "'");
    }
    if (!(renderScale > 0 && renderScale <= 1)) {
      throw new IllegalArgumentException("renderScale must be in (0, 1], was " + renderScale);
    }
    requirePresent("tempo", tempo);
    requirePresent("midi", midi);
    requirePresent("post", post);
    requirePresent("audio", audio);
    if (audio.latent() != null && audio.latent().directions() == AudioSpec.LatentPush.Directions.KEYFRAMES
        && !(trajectory instanceof TrajectorySpec.Morph)) {
      throw new IllegalArgumentException("audio.latent.directions: keyframes needs a morph trajectory (only morphs"
          + " have keyframes); use seeded");
    }
    if (!(smoothingSeconds >= 0 && smoothingSeconds <= 10)) {
      throw new IllegalArgumentException("smoothingSeconds must be in 0..10, was " + smoothingSeconds);
    }
    if (!(crossfadeSeconds >= 0 && crossfadeSeconds <= 60)) {
      throw new IllegalArgumentException("crossfadeSeconds must be in 0..60, was " + crossfadeSeconds);
    }
    midi = List.copyOf(midi);
    requirePresent("directions", directions);
    for (String direction : directions.keySet()) {
      if (!direction.matches(DIRECTION_NAME)) {
        throw new IllegalArgumentException("direction name must be 1-32 letters, digits, '_' or '-', was '"
            + direction + "'");
      }
    }
    directions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directions));
  }

  /** What a direction may be called: it becomes the last part of an OSC address. */
  static final String DIRECTION_NAME = "[A-Za-z0-9_-]{1,32}";

  /** A preset that neither listens to audio nor has latent directions. */
  public Preset(String name, String description, ModelSpec model, TrajectorySpec trajectory, ViewSpec view,
      double renderScale, TempoSpec tempo, double smoothingSeconds, double crossfadeSeconds, List<MidiBinding> midi,
      PostSpec post) {
    this(name, description, model, trajectory, view, renderScale, tempo, smoothingSeconds, crossfadeSeconds, midi,
        post, AudioSpec.NONE, Map.of());
  }

  /** A preset that listens to audio as {@code audio} says, without latent directions. */
  public Preset(String name, String description, ModelSpec model, TrajectorySpec trajectory, ViewSpec view,
      double renderScale, TempoSpec tempo, double smoothingSeconds, double crossfadeSeconds, List<MidiBinding> midi,
      PostSpec post, AudioSpec audio) {
    this(name, description, model, trajectory, view, renderScale, tempo, smoothingSeconds, crossfadeSeconds, midi,
        post, audio, Map.of());
  }

  /** A preset with latent directions that does not listen to audio. */
  public Preset(String name, String description, ModelSpec model, TrajectorySpec trajectory, ViewSpec view,
      double renderScale, TempoSpec tempo, double smoothingSeconds, double crossfadeSeconds, List<MidiBinding> midi,
      PostSpec post, Map<String, DirectionSpec> directions) {
    this(name, description, model, trajectory, view, renderScale, tempo, smoothingSeconds, crossfadeSeconds, midi,
        post, AudioSpec.NONE, directions);
  }

  /** This preset under another name (for "save as"). */
  public Preset withName(String newName) {
    return new Preset(newName, description, model, trajectory, view, renderScale, tempo, smoothingSeconds,
        crossfadeSeconds, midi, post, audio, directions);
  }

  /** This preset moving along another trajectory (e.g. reseeded for a recording). */
  public Preset withTrajectory(TrajectorySpec newTrajectory) {
    return new Preset(name, description, model, newTrajectory, view, renderScale, tempo, smoothingSeconds,
        crossfadeSeconds, midi, post, audio, directions);
  }

  /** This preset with other MIDI bindings (what MIDI learn saves). */
  public Preset withMidi(List<MidiBinding> bindings) {
    return new Preset(name, description, model, trajectory, view, renderScale, tempo, smoothingSeconds,
        crossfadeSeconds, bindings, post, audio, directions);
  }

  /**
   * This preset with the values the live controls change: its view, post-processing, tempo and the smoothing and
   * crossfade times (what saving a running show keeps).
   */
  public Preset withControls(ViewSpec newView, PostSpec newPost, double bpm, double newSmoothingSeconds,
      double newCrossfadeSeconds) {
    TempoSpec newTempo = new TempoSpec(bpm, tempo.beatsPerBar(), tempo.beatsPerKeyframe(), tempo.quantize(),
        tempo.source());
    return new Preset(name, description, model, trajectory, newView, renderScale, newTempo, newSmoothingSeconds,
        newCrossfadeSeconds, midi, newPost, audio, directions);
  }

  /** This preset listening another way. */
  public Preset withAudio(AudioSpec newAudio) {
    return new Preset(name, description, model, trajectory, view, renderScale, tempo, smoothingSeconds,
        crossfadeSeconds, midi, post, newAudio, directions);
  }

  /** This preset with its directions (and their files) replaced, e.g. once loaded. */
  public Preset withDirections(Map<String, DirectionSpec> newDirections) {
    return new Preset(name, description, model, trajectory, view, renderScale, tempo, smoothingSeconds,
        crossfadeSeconds, midi, post, audio, newDirections);
  }

  // JSON may say null where Java's types say it cannot be.
  @SuppressWarnings("ConstantValue")
  private static void requirePresent(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  /** The JSON form, where every field but name, model and trajectory is optional. */
  @JsonCreator
  static Preset fromJson(
      @Required @JsonProperty("name") String name,
      @JsonProperty("description") @Nullable String description,
      @Required @JsonProperty("model") ModelSpec model,
      @Required @JsonProperty("trajectory") TrajectorySpec trajectory,
      @JsonProperty("view") @Nullable ViewSpec view,
      @JsonProperty("renderScale") @Nullable Double renderScale,
      @JsonProperty("tempo") @Nullable TempoSpec tempo,
      @JsonProperty("smoothingSeconds") @Nullable Double smoothingSeconds,
      @JsonProperty("crossfadeSeconds") @Nullable Double crossfadeSeconds,
      @JsonProperty("midi") @Nullable List<MidiBinding> midi,
      @JsonProperty("post") @Nullable PostSpec post,
      @JsonProperty("audio") @Nullable AudioSpec audio,
      @JsonProperty("directions") @Nullable Map<String, DirectionSpec> directions) {
    return new Preset(name, description == null ? "" : description, model, trajectory,
        view == null ? ViewSpec.DEFAULT : view, renderScale == null ? 1.0 : renderScale,
        tempo == null ? TempoSpec.DEFAULT : tempo,
        smoothingSeconds == null ? DEFAULT_SMOOTHING_SECONDS : smoothingSeconds,
        crossfadeSeconds == null ? DEFAULT_CROSSFADE_SECONDS : crossfadeSeconds, midi == null ? List.of() : midi,
        post == null ? PostSpec.NONE : post, audio == null ? AudioSpec.NONE : audio,
        directions == null ? Map.of() : directions);
  }
}
