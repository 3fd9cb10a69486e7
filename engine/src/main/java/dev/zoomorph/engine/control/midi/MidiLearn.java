package dev.zoomorph.engine.control.midi;

import dev.zoomorph.engine.control.ControlMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * MIDI-learn in front of a {@link MidiMapper}: arm a target, move a control, and the control is bound.
 *
 * <p>Every MIDI message goes through {@link #map(ShortMessage)}. While armed, the first CC, note-on or pitch bend
 * becomes a binding with the armed target, range and curve, is added to the mapper and drives the parameter at once.
 * A CC on controller n &lt; 32 immediately followed by controller n + 32 on the same channel is learned as a 14-bit
 * pair; so a 7-bit CC below 32 is bound when the next message arrives (the knob's next step).
 *
 * <p>A preset switch leaves learning armed, since the VJ may be reaching for the knob: with a mapper {@link
 * MidiMapper#following following} the preset, the control is bound among the bindings of the preset playing when it
 * moves.
 */
public final class MidiLearn {
  private static final Logger LOG = LoggerFactory.getLogger(MidiLearn.class);

  private final MidiMapper mapper;
  private @Nullable Armed armed;

  private record Armed(MidiBinding prototype, Sinks.One<MidiBinding> result, @Nullable ShortMessage pendingMsb) {}

  /** Learning into {@code mapper}. */
  public MidiLearn(MidiMapper mapper) {
    this.mapper = mapper;
  }

  /** The mapper bindings are learned into. */
  public MidiMapper mapper() {
    return mapper;
  }

  /**
   * Arms learning: the next control moved is bound to {@code target}. Arming again replaces the previous request,
   * whose Mono then completes empty.
   *
   * @param mode used when the control is a 7-bit CC (relative encoders cannot be told from knobs by their values)
   * @return the binding once made (already in the mapper; the caller saves {@link MidiMapper#bindings()} to the
   *     preset), or empty if disarmed first
   * @throws IllegalArgumentException if target, range or curve cannot make a binding
   */
  public Mono<MidiBinding> arm(String target, double min, double max, MidiBinding.Curve curve,
      MidiBinding.Mode mode) {
    // Validates the request now, so the HTTP API can answer 400 instead of failing when a knob moves.
    MidiBinding prototype = new MidiBinding(MidiSource.cc(1, 0), mode, target, min, max, curve);
    Sinks.One<MidiBinding> result = Sinks.one();
    Armed previous;
    synchronized (this) {
      previous = armed;
      armed = new Armed(prototype, result, null);
    }
    if (previous != null) {
      previous.result().tryEmitEmpty();
    }
    LOG.info("MIDI learn armed for {}", target);
    return result.asMono();
  }

  /** Cancels learning; the armed request's Mono completes empty. */
  public void disarm() {
    Armed previous;
    synchronized (this) {
      previous = armed;
      armed = null;
    }
    if (previous != null) {
      previous.result().tryEmitEmpty();
    }
  }

  /** Whether a target is waiting for a control. */
  public synchronized boolean armed() {
    return armed != null;
  }

  /**
   * The control messages a MIDI source's {@code messages} produce through this learn and its mapper: what a MIDI
   * input (a device here, or one in a browser) attaches to the control bus. A message that fails to map is logged,
   * naming {@code source}, and skipped; the stream goes on. Subscribe once: every subscription maps each message
   * again, which would step relative encoders twice.
   */
  public Flux<ControlMessage> controls(Flux<ShortMessage> messages, Supplier<String> source) {
    return messages.concatMapIterable(message -> {
      try {
        return map(message);
      } catch (RuntimeException e) {
        LOG.warn("MIDI message {} from '{}' could not be mapped: {}", String.format("%02X %d %d",
            message.getStatus(), message.getData1(), message.getData2()), source.get(), e.toString());
        return List.of();
      }
    });
  }

  /** Learns from {@code message} if armed, then maps it; the control messages to apply. */
  public List<ControlMessage> map(ShortMessage message) {
    List<ShortMessage> toMap = new ArrayList<>(2);
    MidiBinding learned = null;
    Armed done = null;
    synchronized (this) {
      Armed current = armed;
      MidiSource source = MidiSource.of(message);
      if (current == null || source == null) {
        toMap.add(message);
      } else if (current.pendingMsb() != null) {
        ShortMessage msb = current.pendingMsb();
        boolean lsb = source.type() == MidiSource.Type.CC && source.channel() == msb.getChannel() + 1
            && source.number() == msb.getData1() + 32;
        learned = current.prototype().withSource(lsb
            ? MidiSource.cc14(source.channel(), msb.getData1())
            : MidiSource.cc(msb.getChannel() + 1, msb.getData1()));
        toMap.add(msb);
        toMap.add(message);
      } else if (source.type() == MidiSource.Type.CC && source.number() < 32
          && current.prototype().mode() == MidiBinding.Mode.ABSOLUTE) {
        armed = new Armed(current.prototype(), current.result(), (ShortMessage) message.clone());
      } else {
        learned = current.prototype().withSource(source);
        toMap.add(message);
      }
      if (learned != null) {
        mapper.bind(learned);
        done = current;
        armed = null;
      }
    }
    if (learned != null) {
      LOG.info("MIDI learn: {} → {}", learned.source(), learned.target());
      done.result().tryEmitValue(learned);
    }
    List<ControlMessage> out = new ArrayList<>(toMap.size());
    for (ShortMessage m : toMap) {
      out.addAll(mapper.map(m));
    }
    return out;
  }
}
