package dev.zoomorph.audio;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.preset.AudioBinding;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * The audio input's adapter onto a show's control bus: turns {@link AudioFeatures} into control messages, as the
 * playing preset's {@code audio} section and tempo say.
 *
 * <ul>
 *   <li>each binding: a continuous feature sends {@code target value} when the value moves; a trigger sends
 *       {@code target max} when it fires ({@link AudioBinding});</li>
 *   <li>spectrum to latent ({@code audio.latent}): the band energies as {@code /zoomorph/push}, when they move;</li>
 *   <li>{@code tempo.source: audio}: the tracked tempo as {@code /zoomorph/bpm} when it changes, and on each tracked
 *       beat the beat phase as {@code /zoomorph/phase}, which locks the show's tempo clock to the music.</li>
 * </ul>
 *
 * <p>The preset is read for every features, so a preset switch changes what the sound moves at once. Thread-safe;
 * subscribe {@link #controls} once per input (it remembers what it sent, to send changes only).
 */
public final class AudioControls {
  /** The name the control bus counts the audio input under. */
  public static final String INPUT = "audio";
  /** Continuous values that move less than this (relative to the binding's range) are not sent again. */
  private static final double CHANGE = 1e-4;
  private static final double BPM_CHANGE = 0.05;

  private final Supplier<Preset> preset;
  /** The last value each binding of {@link #sentFor} sent; NaN before its first. */
  private double[] sent = new double[0];
  private AudioSpec sentFor = AudioSpec.NONE;
  private double[] pushSent = new double[0];
  private double bpmSent;

  /** Maps features as {@code preset} (the one playing, asked each time) says. */
  public AudioControls(Supplier<Preset> preset) {
    this.preset = preset;
  }

  /** The control messages of each features, in order. */
  public Flux<ControlMessage> controls(Flux<AudioFeatures> features) {
    return features.concatMapIterable(this::map);
  }

  /** The control messages {@code features} give now: usually a few, often none. */
  public synchronized List<ControlMessage> map(AudioFeatures features) {
    Preset playing = preset.get();
    AudioSpec spec = playing.audio();
    if (spec != sentFor) {
      sent = new double[spec.bindings().size()];
      Arrays.fill(sent, Double.NaN);
      pushSent = new double[0];
      sentFor = spec;
    }
    // Band features right after a switch to other bands come from the old analysis: they wait for the new one.
    boolean bandsFit = features.bandCount() == spec.bands().size();
    List<ControlMessage> out = new ArrayList<>();
    for (int i = 0; i < sent.length; i++) {
      AudioBinding binding = spec.bindings().get(i);
      String feature = binding.feature();
      if (AudioSpec.isTrigger(feature)) {
        if (fired(feature, features, spec, playing.tempo(), bandsFit)) {
          out.add(ControlMessage.of(binding.target(), binding.valueAt(1)));
        }
        continue;
      }
      int band = spec.bandNames().indexOf(feature);
      if (band >= 0 && !bandsFit) {
        continue;
      }
      double value = binding.valueAt(band >= 0 ? features.band(band) : features.level());
      if (Double.isNaN(sent[i])
          || Math.abs(value - sent[i]) > CHANGE * Math.max(1e-12, Math.abs(binding.max() - binding.min()))) {
        sent[i] = value;
        out.add(ControlMessage.of(binding.target(), value));
      }
    }
    if (spec.latent() != null && bandsFit) {
      double[] bands = features.bands();
      if (moved(bands, pushSent)) {
        pushSent = bands;
        List<Object> args = new ArrayList<>(bands.length);
        for (double band : bands) {
          args.add(band);
        }
        out.add(new ControlMessage(ShowAddresses.PUSH, args));
      }
    }
    if (playing.tempo().source() == TempoSpec.Source.AUDIO && features.bpm() > 0) {
      if (Math.abs(features.bpm() - bpmSent) >= BPM_CHANGE) {
        bpmSent = features.bpm();
        out.add(ControlMessage.of(ShowAddresses.BPM, features.bpm()));
      }
      if (features.onBeat()) {
        out.add(ControlMessage.of(ShowAddresses.PHASE, features.beat() - Math.floor(features.beat())));
      }
    }
    return out;
  }

  private static boolean fired(String feature, AudioFeatures features, AudioSpec spec, TempoSpec tempo,
      boolean bandsFit) {
    return switch (feature) {
      case AudioSpec.ONSET -> features.onset();
      case AudioSpec.BEAT -> features.onBeat();
      case AudioSpec.BAR -> features.onBeat() && Math.floorMod((long) Math.floor(features.beat()),
          tempo.beatsPerBar()) == 0;
      default -> {
        int band = spec.bandNames().indexOf(feature.substring(0, feature.length() - AudioSpec.BAND_ONSET.length()));
        yield bandsFit && features.bandOnset(band);
      }
    };
  }

  private static boolean moved(double[] now, double[] before) {
    if (now.length != before.length) {
      return true;
    }
    for (int i = 0; i < now.length; i++) {
      if (Math.abs(now[i] - before[i]) > CHANGE) {
        return true;
      }
    }
    return false;
  }
}
