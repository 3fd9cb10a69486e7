package dev.zoomorph.engine.show;

import static dev.zoomorph.engine.control.ControlArg.bool;
import static dev.zoomorph.engine.control.ControlArg.choice;
import static dev.zoomorph.engine.control.ControlArg.integer;
import static dev.zoomorph.engine.control.ControlArg.number;
import static dev.zoomorph.engine.control.ControlArg.numberOrOff;
import static dev.zoomorph.engine.control.ControlArg.text;

import dev.zoomorph.engine.control.Control;
import dev.zoomorph.engine.control.ControlChange;
import dev.zoomorph.engine.control.ControlParameter.Range;
import dev.zoomorph.engine.control.ControlTable;
import dev.zoomorph.engine.control.Smoothing;
import dev.zoomorph.engine.control.tempo.TempoClock;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.ViewSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The show's control table: every address under {@code /zoomorph/}, written once. OSCQuery, {@code /api/state},
 * validation, applying, smoothing, MIDI-learn targets and the table in docs/control.md all come from here.
 */
final class ShowControls {
  /** Every address starts with this. */
  static final String PREFIX = "/zoomorph/";
  /** Latent components (and offsets) are clamped to ±this. */
  static final double LATENT_LIMIT = 5;
  static final Range LATENT_RANGE = new Range(-LATENT_LIMIT, LATENT_LIMIT);
  /** How far a direction can be played, in multiples of the direction. */
  static final Range DIRECTION_RANGE = new Range(-4, 4);
  /** What {@code /zoomorph/post/palette} takes besides {@link PostSpec#PALETTES}: no palette. */
  static final String NO_PALETTE = "none";

  private ShowControls() {}

  /** The table of a show whose {@code /zoomorph/preset} loads with {@code loader}, at {@code fps}. */
  static ControlTable<ShowState> table(PresetLoader loader, double fps) {
    List<String> palettes = new ArrayList<>();
    palettes.add(NO_PALETTE);
    palettes.addAll(PostSpec.PALETTES);
    return new ControlTable<>(List.of(
        Control.<ShowState>indexed(PREFIX + "latent",
                "Component i of the latent: while held, sets the picture's latent directly; otherwise an offset added "
                    + "to the trajectory.", number(LATENT_RANGE), ShowState::latentSize,
                (s, i) -> List.of((double) s.latentControl().get(i)))
            .writtenBy((s, c) -> {
              if (c.index() < s.latentSize()) {
                s.setLatentControl(s.latentControl().with(c.index(), (float) c.number(0)));
              }
            })
            .smoothed(Smoothing.LINEAR).defaultsTo("0"),
        Control.<ShowState>value(PREFIX + "latent",
                "The whole latent, one value per component, with the meaning of latent/{i}.", List.of(),
                s -> components(s.latentControl()))
            .withArgs(s -> Collections.nCopies(s.latentSize(), number(LATENT_RANGE)))
            .writtenBy((s, c) -> s.setLatentControl(latent(c)))
            .smoothed(Smoothing.LINEAR).defaultsTo("0 …").documentedAs("f…", "−5 … 5 each"),
        Control.<ShowState>named(PREFIX + "direction",
                "How far the picture moves along the preset's latent direction of this name (its directions): "
                    + "amount × direction is added to the latent; 0 leaves it.", number(DIRECTION_RANGE),
                s -> List.copyOf(s.current.preset.directions().keySet()),
                (s, name) -> List.of(s.directionAmount(name)))
            .writtenBy((s, c) -> s.setDirectionAmount(c.address().substring(c.address().lastIndexOf('/') + 1),
                c.number(0)))
            .smoothed(Smoothing.LINEAR).defaultsTo("0"),
        Control.<ShowState>value(PREFIX + "hold",
                "Freezes the trajectory; latent messages then set the latent directly. Release glides back over a beat.",
                List.of(bool()), s -> List.of(s.held))
            .writtenBy((s, c) -> s.setHold(c.number(0) != 0)).defaultsTo("false"),
        Control.<ShowState>value(PREFIX + "keyframe",
                "Morph to keyframe i, gliding over a beat (on the next beat or bar when the preset quantizes); morph "
                    + "presets only.", List.of(), s -> List.of(s.current.keyframe()))
            .withArgs(s -> List.of(integer(new Range(0, s.current.keyframes.size() - 1))))
            .presentWhen(s -> !s.current.keyframes.isEmpty(),
                s -> "preset '" + s.current.preset.name() + "' has no keyframes (only morph trajectories have them)")
            .writtenBy((s, c) -> s.requestKeyframe((int) c.number(0)))
            .defaultsTo("0").documentedAs("i", "0 … keyframes−1"),
        Control.<ShowState>value(PREFIX + "speed", "Trajectory speed: 1 normal, 0 still, negative backwards.",
                List.of(number(new Range(-4, 4))), s -> List.of(s.speed))
            .writtenBy((s, c) -> s.speed = c.number(0)).smoothed(Smoothing.LINEAR).defaultsTo("1"),
        Control.<ShowState>value(PREFIX + "zoom", "View zoom; larger shows less of the plane.",
                List.of(number(new Range(0.01, 1e6))), s -> List.of(s.view.zoom()))
            .writtenBy((s, c) -> s.view = new ViewSpec(s.view.centerX(), s.view.centerY(), c.number(0),
                s.view.rotationDegrees()))
            .smoothed(Smoothing.LOGARITHMIC).defaultsTo("the preset's"),
        Control.<ShowState>value(PREFIX + "center", "The plane point at the centre of the view (x, y).",
                List.of(number(new Range(-1000, 1000)), number(new Range(-1000, 1000))),
                s -> List.of(s.view.centerX(), s.view.centerY()))
            .writtenBy((s, c) -> s.view = new ViewSpec(c.number(0), c.number(1), s.view.zoom(),
                s.view.rotationDegrees()))
            .smoothed(Smoothing.LINEAR).defaultsTo("the preset's"),
        Control.<ShowState>value(PREFIX + "preset",
                "Switches to a preset (bundled name or .json/.yaml path), crossfading.", List.of(text()),
                s -> List.of(s.current.preset.name()))
            .preparedBy(values -> playback(loader, (String) values.get(0), fps))
            .writtenBy((s, c) -> s.switchTo((Playback) Objects.requireNonNull(c.prepared())))
            .defaultsTo("--preset").documentedAs("s", "bundled name or path"),
        Control.<ShowState>value(PREFIX + "bpm", "Tempo in beats per minute; the beat phase stays continuous.",
                List.of(number(new Range(TempoClock.MIN_BPM, TempoClock.MAX_BPM))), s -> List.of(s.tempo.bpm()))
            .writtenBy((s, c) -> s.tempo.setBpm(c.number(0))).defaultsTo("the preset's"),
        Control.<ShowState>impulse(PREFIX + "tap", "Tap tempo: one tap per beat.", (s, c) -> s.tempo.tap()),
        Control.<ShowState>value(PREFIX + "playing",
                "Whether the tempo clock runs (MIDI Continue/Stop); false stops beat-locked morphs and quantized jumps.",
                List.of(bool()), s -> List.of(s.tempo.running()))
            .writtenBy((s, c) -> {
              if (c.number(0) != 0) {
                s.tempo.resume();
              } else {
                s.tempo.stop();
              }
            })
            .defaultsTo("true"),
        Control.<ShowState>impulse(PREFIX + "restart",
            "Starts the tempo from beat 0 (MIDI Start); a beat-locked morph starts again from keyframe 0.",
            (s, c) -> s.restart()),
        Control.<ShowState>value(PREFIX + "post/contrast", "Contrast around mid-grey; 1 as made.",
                List.of(number(new Range(0, 4))), s -> List.of(s.post.contrast()))
            .writtenBy((s, c) -> s.post = new PostSpec(c.number(0), s.post.gamma(), s.post.threshold(),
                s.post.softness(), s.post.palette(), s.post.denoise(), s.post.denoiseStrength()))
            .smoothed(Smoothing.LINEAR).defaultsTo("1"),
        Control.<ShowState>value(PREFIX + "post/gamma", "Gamma, output = input^gamma, after contrast; 1 as made.",
                List.of(number(new Range(0.1, 10))), s -> List.of(s.post.gamma()))
            .writtenBy((s, c) -> s.post = new PostSpec(s.post.contrast(), c.number(0), s.post.threshold(),
                s.post.softness(), s.post.palette(), s.post.denoise(), s.post.denoiseStrength()))
            .smoothed(Smoothing.LINEAR).defaultsTo("1"),
        Control.<ShowState>value(PREFIX + "post/threshold",
                "Grey level where the picture turns from black to white; 0 (or less) turns it off, others are "
                    + "clamped to 0.001 … 0.999.",
                List.of(numberOrOff(new Range(0, 1), new Range(0.001, 0.999))),
                s -> List.of(s.post.threshold() == null ? 0.0 : s.post.threshold()))
            .writtenBy((s, c) -> s.post = new PostSpec(s.post.contrast(), s.post.gamma(),
                c.number(0) == 0 ? null : c.number(0), s.post.softness(), s.post.palette(), s.post.denoise(), s.post.denoiseStrength()))
            .smoothed(Smoothing.SWITCH).defaultsTo("0 (off)").documentedAs("f", "0, or 0.001 … 0.999"),
        Control.<ShowState>value(PREFIX + "post/softness",
                "Half-width of the threshold's soft edge; 0 for hard contours.",
                List.of(number(new Range(0, 0.5))), s -> List.of(s.post.softness()))
            .writtenBy((s, c) -> s.post = new PostSpec(s.post.contrast(), s.post.gamma(), s.post.threshold(),
                c.number(0), s.post.palette(), s.post.denoise(), s.post.denoiseStrength()))
            .smoothed(Smoothing.LINEAR).defaultsTo("0"),
        Control.<ShowState>value(PREFIX + "post/palette",
                "Colour map of one-channel models: " + String.join(", ", palettes) + " (any case).",
                List.of(choice("palette", palettes)), s -> List.of(s.post.palette() == null ? NO_PALETTE : s.post.palette()))
            .writtenBy((s, c) -> s.post = new PostSpec(s.post.contrast(), s.post.gamma(), s.post.threshold(),
                s.post.softness(), c.string(0).equals(NO_PALETTE) ? null : c.string(0), s.post.denoise(),
                s.post.denoiseStrength()))
            .defaultsTo(NO_PALETTE).documentedAs("s", String.join(", ", palettes)),
        Control.<ShowState>value(PREFIX + "post/denoise",
                "How much of the preset's denoiser (post.denoise) the picture gets: 0 the raw picture, 1 all "
                    + "denoised.", List.of(number(new Range(0, 1))), s -> List.of(s.post.denoiseStrength()))
            .presentWhen(s -> s.post.denoise() != null,
                s -> "preset '" + s.current.preset.name() + "' has no denoiser (post.denoise)")
            .writtenBy((s, c) -> s.post = s.post.withDenoiseStrength(c.number(0)))
            .smoothed(Smoothing.LINEAR).defaultsTo("the preset's (1)"),
        Control.<ShowState>value(PREFIX + "crossfade",
                "Preset switch crossfade time in seconds, overriding the presets'.",
                List.of(number(new Range(0, 60))), s -> List.of(s.crossfadeSeconds))
            .writtenBy((s, c) -> {
              s.crossfadeSetLive = true;
              s.crossfadeSeconds = c.number(0);
            })
            .defaultsTo("the preset's"),
        Control.<ShowState>value(PREFIX + "smoothing",
                "Smoothing time constant of the smoothed controls in seconds, overriding the presets'.",
                List.of(number(new Range(0, 10))), s -> List.of(s.smoothingSeconds))
            .writtenBy((s, c) -> {
              s.smoothingSetLive = true;
              s.setSmoothing(c.number(0));
            })
            .defaultsTo("the preset's"),
        Control.<ShowState>value(PREFIX + "fps", "Measured frames per second of the render loop.",
                List.of(number(new Range(0, Double.POSITIVE_INFINITY))),
                s -> List.of(s.measuredFps.getAsDouble()))
            .documentedAs("f", "0 …")));
  }

  private static Playback playback(PresetLoader loader, String nameOrPath, double fps) {
    Preset next = loader.load(nameOrPath);
    try {
      return new Playback(next, fps);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("preset " + next.name() + ": " + e.getMessage(), e);
    }
  }

  private static List<Object> components(Latent latent) {
    List<Object> values = new ArrayList<>(latent.size());
    for (int i = 0; i < latent.size(); i++) {
      values.add((double) latent.get(i));
    }
    return values;
  }

  private static Latent latent(ControlChange<ShowState> change) {
    float[] values = new float[change.values().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) change.number(i);
    }
    return Latent.of(values);
  }
}
