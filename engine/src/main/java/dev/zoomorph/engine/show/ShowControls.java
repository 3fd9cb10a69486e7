package dev.zoomorph.engine.show;

import static dev.zoomorph.engine.control.ControlArg.bool;
import static dev.zoomorph.engine.control.ControlArg.choice;
import static dev.zoomorph.engine.control.ControlArg.integer;
import static dev.zoomorph.engine.control.ControlArg.number;
import static dev.zoomorph.engine.control.ControlArg.numberOrOff;
import static dev.zoomorph.engine.control.ControlArg.text;
import static dev.zoomorph.engine.control.ShowAddresses.AUDIO_BANDS;
import static dev.zoomorph.engine.control.ShowAddresses.AUDIO_BEAT;
import static dev.zoomorph.engine.control.ShowAddresses.AUDIO_BPM;
import static dev.zoomorph.engine.control.ShowAddresses.AUDIO_LEVEL;
import static dev.zoomorph.engine.control.ShowAddresses.AUDIO_ONSETS;
import static dev.zoomorph.engine.control.ShowAddresses.BPM;
import static dev.zoomorph.engine.control.ShowAddresses.KEYFRAME;
import static dev.zoomorph.engine.control.ShowAddresses.LATENT;
import static dev.zoomorph.engine.control.ShowAddresses.PHASE;
import static dev.zoomorph.engine.control.ShowAddresses.PLAYING;
import static dev.zoomorph.engine.control.ShowAddresses.POST_PALETTE;
import static dev.zoomorph.engine.control.ShowAddresses.PREFIX;
import static dev.zoomorph.engine.control.ShowAddresses.PRESET;
import static dev.zoomorph.engine.control.ShowAddresses.PUSH;
import static dev.zoomorph.engine.control.ShowAddresses.RESTART;

import dev.zoomorph.engine.control.Control;
import dev.zoomorph.engine.control.ControlArg;
import dev.zoomorph.engine.control.ControlChange;
import dev.zoomorph.engine.control.ControlParameter.Range;
import dev.zoomorph.engine.control.ControlTable;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.control.Smoothing;
import dev.zoomorph.engine.control.tempo.TempoClock;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.AudioBinding;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.preset.ViewSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The show's control table: every address under {@code /zoomorph/}, written once. OSCQuery, {@code /api/state},
 * validation, applying, smoothing, MIDI-learn targets and the table in docs/control.md all come from here. The
 * addresses that other code sends to by name are {@link ShowAddresses}' constants, which the entries here use.
 */
final class ShowControls {
  /** Latent components (and offsets) are clamped to ±this. */
  static final double LATENT_LIMIT = 5;
  static final Range LATENT_RANGE = new Range(-LATENT_LIMIT, LATENT_LIMIT);
  /** How far a direction can be played, in multiples of the direction. */
  static final Range DIRECTION_RANGE = new Range(-4, 4);
  /** What {@code /zoomorph/post/palette} takes besides {@link PostSpec#PALETTES}: no palette. */
  static final String NO_PALETTE = "none";
  private static final Range UNIT = new Range(0, 1);
  private static final String NO_AUDIO = "no audio input (serve --audio, record --audio)";
  /** The table's addresses, for checking a preset's bindings before it plays; never applied to. */
  private static final ControlTable<ShowState> ADDRESSES = table(name -> {
    throw new IllegalStateException("only for its addresses");
  }, 1);

  private ShowControls() {}

  /** The table of a show whose {@code /zoomorph/preset} loads with {@code loader}, at {@code fps}. */
  static ControlTable<ShowState> table(PresetLoader loader, double fps) {
    List<String> palettes = new ArrayList<>();
    palettes.add(NO_PALETTE);
    palettes.addAll(PostSpec.PALETTES);
    return new ControlTable<>(List.of(
        Control.<ShowState>indexed(LATENT,
                "Component i of the latent: while held, sets the picture's latent directly; otherwise an offset added "
                    + "to the trajectory.", number(LATENT_RANGE), ShowState::latentSize,
                (s, i) -> List.of((double) s.latentControl().get(i)))
            .writtenBy((s, c) -> {
              if (c.index() < s.latentSize()) {
                s.setLatentControl(s.latentControl().with(c.index(), (float) c.number(0)));
              }
            })
            .smoothed(Smoothing.LINEAR).defaultsTo("0"),
        Control.<ShowState>value(LATENT,
                "The whole latent, one value per component, with the meaning of latent/{i}.", List.of(),
                s -> components(s.latentControl()))
            .withArgs(s -> Collections.nCopies(s.latentSize(), number(LATENT_RANGE)))
            .writtenBy((s, c) -> s.setLatentControl(latent(c)))
            .smoothed(Smoothing.LINEAR).defaultsTo("0 …").documentedAs("f…", "−5 … 5 each"),
        Control.<ShowState>named(PREFIX + "direction",
                "How far the picture moves along the preset's latent direction of this name (its directions): "
                    + "amount × direction is added to the latent; 0 leaves it.", number(DIRECTION_RANGE),
                s -> List.copyOf(s.program.preset().directions().keySet()),
                (s, name) -> List.of(s.directionAmount(name)))
            .writtenBy((s, c) -> s.setDirectionAmount(c.address().substring(c.address().lastIndexOf('/') + 1),
                c.number(0)))
            .smoothed(Smoothing.LINEAR).defaultsTo("0"),
        Control.<ShowState>value(PREFIX + "hold",
                "Freezes the trajectory; latent messages then set the latent directly. Release glides back over a beat.",
                List.of(bool()), s -> List.of(s.held))
            .writtenBy((s, c) -> s.setHold(c.number(0) != 0)).defaultsTo("false"),
        Control.<ShowState>value(KEYFRAME,
                "Morph to keyframe i, gliding over a beat (on the next beat or bar when the preset quantizes); morph "
                    + "presets only.", List.of(), s -> List.of(s.keyframe()))
            .withArgs(s -> List.of(integer(new Range(0, s.program.keyframes().size() - 1))))
            .presentWhen(s -> !s.program.keyframes().isEmpty(),
                s -> "preset '" + s.program.preset().name() + "' has no keyframes (only morph trajectories have them)")
            .writtenBy((s, c) -> s.requestKeyframe((int) c.number(0)))
            .defaultsTo("0").documentedAs("i", "0 … keyframes−1"),
        Control.<ShowState>impulse(PREFIX + "keyframe/next",
                "Morph to the keyframe after the one playing (or pending), as keyframe does; morph presets only.",
                (s, c) -> s.requestNextKeyframe())
            .presentWhen(s -> !s.program.keyframes().isEmpty(),
                s -> "preset '" + s.program.preset().name() + "' has no keyframes (only morph trajectories have them)"),
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
        Control.<ShowState>value(PRESET,
                "Switches to a preset (bundled or saved name, or .json/.yaml path), crossfading over the seconds given (optional; "
                    + "else the live crossfade or the preset's). Reads as the preset and its crossfade.",
                List.of(text(Presets::bundled), number(new Range(0, 60))),
                s -> List.of(s.program.preset().name(), s.switchCrossfadeSeconds))
            .optionalFrom(1)
            .preparedBy(values -> program(loader, (String) values.get(0), fps))
            .writtenBy((s, c) -> s.switchTo((Program) Objects.requireNonNull(c.prepared()),
                c.values().size() > 1 ? c.number(1) : null))
            .defaultsTo("--preset").documentedAs("sf", "name or path; f optional, 0 … 60 s"),
        Control.<ShowState>value(BPM, "Tempo in beats per minute; the beat phase stays continuous.",
                List.of(number(new Range(TempoClock.MIN_BPM, TempoClock.MAX_BPM))), s -> List.of(s.tempo.bpm()))
            .writtenBy((s, c) -> s.tempo.setBpm(c.number(0))).defaultsTo("the preset's"),
        Control.<ShowState>impulse(PREFIX + "tap", "Tap tempo: one tap per beat.", (s, c) -> s.tempo.tap()),
        Control.<ShowState>value(PHASE,
                "Beat phase: the fraction of a beat the tempo clock is at now; setting it shifts the beats by less than "
                    + "half a beat, keeping the tempo (how the audio input's beat tracking locks the clock).",
                List.of(number(UNIT)), s -> List.of(fraction(s.tempo.position())))
            .writtenBy((s, c) -> s.tempo.setPhase(c.number(0))).defaultsTo("0"),
        Control.<ShowState>value(PLAYING,
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
        Control.<ShowState>impulse(RESTART,
            "Starts the tempo from beat 0 (MIDI Start); a beat-locked morph starts again from keyframe 0.",
            (s, c) -> s.restart()),
        Control.<ShowState>value(PUSH,
                "Spectrum to latent: value i moves the latent along direction i of the preset's audio.latent (one per "
                    + "band); what the audio input sends, any input may.", List.of(),
                s -> numbers(s.push))
            .withArgs(s -> Collections.nCopies(s.pushCount(), number(UNIT)))
            .presentWhen(s -> s.pushCount() > 0,
                s -> "preset '" + s.program.preset().name() + "' has no audio.latent")
            .writtenBy((s, c) -> {
              if (c.values().size() == s.push.length) {
                for (int i = 0; i < s.push.length; i++) {
                  s.push[i] = c.number(i);
                }
              }
            })
            .defaultsTo("0 …").documentedAs("f…", "0 … 1 each"),
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
        Control.<ShowState>value(POST_PALETTE,
                "Colour map of one-channel models: " + String.join(", ", palettes) + " (any case).",
                List.of(choice("palette", palettes)), s -> List.of(s.post.palette() == null ? NO_PALETTE : s.post.palette()))
            .presentWhen(s -> s.program.preset().model().channels() == 1,
                s -> "preset '" + s.program.preset().name() + "' draws in colour; a palette colours grey models")
            .writtenBy((s, c) -> s.post = new PostSpec(s.post.contrast(), s.post.gamma(), s.post.threshold(),
                s.post.softness(), c.string(0).equals(NO_PALETTE) ? null : c.string(0), s.post.denoise(),
                s.post.denoiseStrength()))
            .defaultsTo(NO_PALETTE).documentedAs("s", String.join(", ", palettes)),
        Control.<ShowState>value(PREFIX + "post/denoise",
                "How much of the preset's denoiser (post.denoise) the picture gets: 0 the raw picture, 1 all "
                    + "denoised.", List.of(number(new Range(0, 1))), s -> List.of(s.post.denoiseStrength()))
            .presentWhen(s -> s.post.denoise() != null,
                s -> "preset '" + s.program.preset().name() + "' has no denoiser (post.denoise)")
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
            .documentedAs("f", "0 …"),
        audio(AUDIO_LEVEL, "Loudness (RMS) of the audio input after automatic gain, 0 … 1.",
            List.of(number(UNIT)), f -> List.of(f.level())),
        audio(AUDIO_BANDS, "Energy of each band of the preset's audio.bands after automatic gain, 0 … 1.",
            List.of(), f -> numbers(f.bands()))
            .withArgs(s -> Collections.nCopies(audioFeatures(s).bandCount(), number(UNIT)))
            .documentedAs("f…", "0 … 1 each"),
        audio(AUDIO_ONSETS, "Onsets the audio input has heard.",
            List.of(integer(new Range(0, Double.POSITIVE_INFINITY))), f -> List.of(f.onsets()))
            .documentedAs("i", "0 …"),
        audio(AUDIO_BPM, "Tempo the audio input's beat tracking hears; 0 until it has one.",
            List.of(number(new Range(0, TempoClock.MAX_BPM))), f -> List.of(f.bpm())),
        audio(AUDIO_BEAT, "Beat position the audio input's beat tracking hears: beats, with the fraction.",
            List.of(number(new Range(0, Double.POSITIVE_INFINITY))), f -> List.of(f.beat()))
            .documentedAs("f", "0 …"),
        onPlaylist(Control.<ShowState>impulse(PREFIX + "playlist/next",
            "Playlist: the next entry now (skipping entries that do not load).", (s, c) -> playlist(s).next())),
        onPlaylist(Control.<ShowState>impulse(PREFIX + "playlist/previous",
            "Playlist: the entry before the one playing.", (s, c) -> playlist(s).previous())),
        onPlaylist(Control.<ShowState>value(PREFIX + "playlist/pause",
                "Playlist: true holds the entry playing (its time left kept), false goes on. Presets switched by "
                    + "hand are replaced at the next switch unless paused.",
                List.of(bool()), s -> List.of(playlist(s).position().paused()))
            .writtenBy((s, c) -> playlist(s).pause(c.number(0) != 0)).defaultsTo("false")),
        onPlaylist(Control.<ShowState>value(PREFIX + "playlist/entry",
                "Playlist: the entry playing, 0-based in the list's play order; writing jumps to it.", List.of(),
                s -> List.of(playlist(s).position().entry()))
            .withArgs(s -> List.of(integer(new Range(0, Math.max(0, playlist(s).position().entries() - 1)))))
            .writtenBy((s, c) -> playlist(s).jumpTo((int) c.number(0)))
            .defaultsTo("0").documentedAs("i", "0 … entries−1")),
        onPlaylist(Control.<ShowState>value(PREFIX + "playlist/list",
            "Playlist: the list playing (outside: between scheduled windows).", List.of(text()),
            s -> List.of(playlist(s).position().list())).documentedAs("s", "a list's name, or outside")),
        onPlaylist(Control.<ShowState>value(PREFIX + "playlist/remaining",
            "Playlist: seconds to the next switch (entry end or schedule boundary), −1 when none is due.",
            List.of(number(new Range(-1, Double.POSITIVE_INFINITY))),
            s -> List.of(playlist(s).position().secondsLeft())).documentedAs("f", "−1, 0 …")),
        onPlaylist(Control.<ShowState>value(PREFIX + "playlist/skipped",
            "Playlist: entries skipped since the start because their preset or model did not load.",
            List.of(integer(new Range(0, Integer.MAX_VALUE))),
            s -> List.of(playlist(s).position().skipped())).documentedAs("i", "0 …"))));
  }

  /** Playlist controls are there only while a playlist drives the show. */
  private static Control<ShowState> onPlaylist(Control<ShowState> control) {
    return control.presentWhen(s -> s.playlist != null, s -> "no playlist plays (serve --playlist FILE)");
  }

  private static ShowPlaylist playlist(ShowState state) {
    return Objects.requireNonNull(state.playlist, "present only with a playlist");
  }

  /** A read-only {@code /zoomorph/audio/...} value, there while an audio input listens. */
  private static Control<ShowState> audio(String address, String description, List<ControlArg> args,
      Function<AudioFeatures, List<Object>> read) {
    return Control.<ShowState>value(address, description, args, s -> read.apply(audioFeatures(s)))
        .presentWhen(s -> s.audio != null, s -> NO_AUDIO)
        .defaultsTo("0");
  }

  private static AudioFeatures audioFeatures(ShowState state) {
    return Objects.requireNonNull(state.audio).get();
  }

  /**
   * Checks that every audio binding of {@code preset} targets a writable address of the table.
   *
   * @throws PresetException naming the preset, the binding's field and the problem
   */
  static void checkAudioTargets(Preset preset) {
    List<AudioBinding> bindings = preset.audio().bindings();
    for (int i = 0; i < bindings.size(); i++) {
      String target = bindings.get(i).target();
      Control<ShowState> control = ADDRESSES.controlAt(target);
      if (control == null || !control.writable()) {
        throw new PresetException("preset " + preset.name() + ": field audio.bindings[" + i + "].target: "
            + (control == null ? "no control at " + target + " (see docs/control.md)"
                : target + " is read-only (" + control.description() + ")"));
      }
    }
  }

  private static double fraction(double position) {
    return position - Math.floor(position);
  }

  private static List<Object> numbers(double[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (double value : values) {
      out.add(value);
    }
    return out;
  }

  private static Program program(PresetLoader loader, String nameOrPath, double fps) {
    Preset next = loader.load(nameOrPath);
    checkAudioTargets(next);
    try {
      return new Program(next, fps);
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
