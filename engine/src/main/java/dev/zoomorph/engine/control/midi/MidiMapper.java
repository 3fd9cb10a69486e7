package dev.zoomorph.engine.control.midi;

import dev.zoomorph.engine.control.ControlMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;

/**
 * Turns MIDI channel messages into control messages through a set of {@link MidiBinding}s.
 *
 * <p>Keeps what the bindings need between messages: the position of each relative encoder and the MSB/LSB of each
 * 14-bit pair. Thread-safe: MIDI arrives on the device's thread while bindings change from the HTTP API and
 * presets switch on other threads.
 *
 * <p>A mapper {@link #following} what plays (the show's preset) takes that preset's bindings whenever it is another
 * one: a switch replaces every binding, those learned since the last switch included, and the relative encoders'
 * positions, which belonged to the values the preset left behind.
 */
public final class MidiMapper {
  private final Playing<?> playing;
  /** What the bindings are of: the last thing {@link #playing} gave, compared by identity. */
  private @Nullable Object followed;
  private final List<MidiBinding> bindings = new ArrayList<>();
  /** Travel 0..1 of each relative binding. */
  private final Map<MidiBinding, Double> relativePositions = new HashMap<>();
  /** The last 14-bit value per (channel, MSB controller), keyed channel * 32 + controller. */
  private final Map<Integer, Integer> fourteenBit = new HashMap<>();

  /** What plays, and its bindings. */
  private record Playing<P>(Supplier<P> now, Function<? super P, List<MidiBinding>> bindings) {}

  /** A mapper with these bindings, for good; one control may drive several targets. */
  public MidiMapper(List<MidiBinding> bindings) {
    List<MidiBinding> fixed = List.copyOf(bindings);
    this.playing = new Playing<>(() -> fixed, list -> list);
  }

  private MidiMapper(Playing<?> playing) {
    this.playing = playing;
  }

  /**
   * A mapper whose bindings are those of what {@code playing} gives now (e.g. {@code show::preset} with {@code
   * Preset::midi}); when it gives another one, by identity (a preset switch loads a new preset), its bindings replace
   * them all. Asked on every message under this mapper's lock, so it must be quick and must not wait on anything that
   * waits for this mapper.
   */
  public static <P> MidiMapper following(Supplier<P> playing, Function<? super P, List<MidiBinding>> bindings) {
    return new MidiMapper(new Playing<>(playing, bindings));
  }

  /** Takes the bindings of what plays now if it is not what they are of. Called holding this. */
  private void follow() {
    follow(playing);
  }

  private <P> void follow(Playing<P> source) {
    P now = source.now().get();
    if (now != followed) {
      followed = now;
      bindings.clear();
      bindings.addAll(source.bindings().apply(now));
      relativePositions.clear();
    }
  }

  /**
   * Adds a binding to those of what plays now, replacing any binding with the same source: learning a control again
   * rebinds it.
   */
  public synchronized void bind(MidiBinding binding) {
    follow();
    if (bindings.stream().anyMatch(b -> b.source().equals(binding.source()))) {
      unbind(binding.source());
    }
    bindings.add(binding);
  }

  /** Removes every binding of {@code source}; returns whether there was one. */
  public synchronized boolean unbind(MidiSource source) {
    follow();
    relativePositions.keySet().removeIf(b -> b.source().equals(source));
    return bindings.removeIf(b -> b.source().equals(source));
  }

  /** The bindings of what plays now, learned ones included, in the order they were made: what a preset saves. */
  public synchronized List<MidiBinding> bindings() {
    follow();
    return List.copyOf(bindings);
  }

  /**
   * Tells relative bindings on {@code target} that the parameter now has {@code value} (set by OSC, the HTTP API or
   * a preset), so that the next encoder tick continues from there instead of jumping.
   */
  public synchronized void sync(String target, double value) {
    follow();
    for (MidiBinding binding : bindings) {
      if (binding.mode() != MidiBinding.Mode.ABSOLUTE && binding.target().equals(target)) {
        relativePositions.put(binding, binding.curve().invert(value, binding.min(), binding.max()));
      }
    }
  }

  /** The control messages {@code message} produces: usually none or one. */
  public synchronized List<ControlMessage> map(ShortMessage message) {
    follow();
    return switch (message.getCommand()) {
      case ShortMessage.CONTROL_CHANGE -> controlChange(message.getChannel() + 1, message.getData1(),
          message.getData2());
      case ShortMessage.NOTE_ON -> message.getData2() == 0 ? List.of()
          : send(MidiSource.note(message.getChannel() + 1, message.getData1()), message.getData2() / 127.0);
      case ShortMessage.PITCH_BEND -> send(MidiSource.pitchBend(message.getChannel() + 1),
          pitchBendTravel(message.getData1() | message.getData2() << 7));
      default -> List.of();
    };
  }

  private List<ControlMessage> controlChange(int channel, int controller, int value) {
    List<ControlMessage> out = new ArrayList<>(1);
    for (MidiBinding binding : bindings) {
      MidiSource source = binding.source();
      if (!source.takesController(channel, controller)) {
        continue;
      }
      double x = switch (source.type()) {
        case CC -> binding.mode() == MidiBinding.Mode.ABSOLUTE ? value / 127.0 : relativeTravel(binding, value);
        case CC14 -> fourteenBitTravel(channel, source.number(), controller, value);
        default -> throw new IllegalStateException("not a CC source: " + source);
      };
      out.add(ControlMessage.of(binding.target(), binding.valueAt(x)));
    }
    return out;
  }

  private double relativeTravel(MidiBinding binding, int value) {
    double x = relativePositions.getOrDefault(binding, 0.5) + binding.mode().step(value) / 127.0;
    x = Math.max(0, Math.min(1, x));
    relativePositions.put(binding, x);
    return x;
  }

  private double fourteenBitTravel(int channel, int msbController, int controller, int value) {
    int key = channel * 32 + msbController;
    int previous = fourteenBit.getOrDefault(key, 0);
    // MIDI 1.0: a new MSB resets the LSB to 0; an LSB alone is a fine adjustment of the last MSB.
    int combined = controller == msbController ? value << 7 : (previous & ~127) | value;
    fourteenBit.put(key, combined);
    return combined / 16383.0;
  }

  private static double pitchBendTravel(int value) {
    return value <= 8192 ? value / 16384.0 : 0.5 + (value - 8192) / 16382.0;
  }

  private List<ControlMessage> send(MidiSource source, double x) {
    List<ControlMessage> out = new ArrayList<>(1);
    for (MidiBinding binding : bindings) {
      if (binding.source().equals(source)) {
        out.add(ControlMessage.of(binding.target(), binding.valueAt(x)));
      }
    }
    return out;
  }
}
