package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.control.midi.ClockEvent;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.control.midi.MidiInput;
import dev.zoomorph.engine.control.midi.MidiLearn;
import dev.zoomorph.engine.control.midi.MidiMapper;
import dev.zoomorph.engine.control.osc.OscMarker;
import dev.zoomorph.engine.control.osc.OscMessage;
import dev.zoomorph.engine.control.osc.OscRouter;
import dev.zoomorph.engine.control.osc.OscServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * The show's control inputs, all applying to one {@link ControlSurface}: the OSC server (through an
 * {@link OscRouter} with a method for every writable address), the MIDI input (its bindings, MIDI-learn and its
 * clock: tempo as {@code /zoomorph/bpm}, Start as {@code /zoomorph/restart}, Continue and Stop as
 * {@code /zoomorph/playing}), and {@link #apply} for the HTTP API. Counts what each input accepted and rejected.
 */
final class ControlInputs implements AutoCloseable {

  static final String PRESET = "/zoomorph/preset";
  static final String BPM = "/zoomorph/bpm";

  private static final Logger log = LoggerFactory.getLogger(ControlInputs.class);

  private final ControlSurface surface;
  private final OscRouter router = new OscRouter();
  /** The OSC methods registered now, by address; guarded by {@code this}. */
  private final Map<String, Disposable> oscMethods = new HashMap<>();
  private final MidiLearn learn;
  private final Disposable.Composite subscriptions = Disposables.composite();
  private final AtomicLong midiEvents = new AtomicLong();
  private final AtomicLong midiRejected = new AtomicLong();
  private final AtomicLong oscRejected = new AtomicLong();
  private @Nullable OscServer osc;
  private @Nullable InetSocketAddress oscAddress;
  private @Nullable MidiInput midi;
  private volatile @Nullable String midiDevice;

  private ControlInputs(ControlSurface surface, List<MidiBinding> midiBindings) {
    this.surface = surface;
    this.learn = new MidiLearn(new MidiMapper(midiBindings));
    syncOscMethods();
  }

  /**
   * Binds the OSC server on {@code host} and opens the MIDI input, as {@code options} say.
   *
   * @throws IllegalStateException if the OSC port cannot be bound or the MIDI device cannot be opened
   * @throws IllegalArgumentException if no MIDI input (or several) match the name; the message lists the inputs
   */
  static ControlInputs start(ControlSurface surface, String host, ControlOptions options) {
    ControlInputs inputs = new ControlInputs(surface, options.midiBindings());
    try {
      if (options.oscPort().isPresent()) {
        inputs.listenOsc(host, options.oscPort().getAsInt());
      }
      String device = options.midiDevice();
      if (device != null) {
        inputs.openMidi(device);
      }
      return inputs;
    } catch (RuntimeException e) {
      inputs.close();
      throw e;
    }
  }

  private void listenOsc(String host, int port) {
    OscServer server = new OscServer();
    osc = server;
    oscAddress = server.start(host, port);
    subscriptions.add(server.messages().subscribe(router::dispatch));
  }

  private void openMidi(String name) {
    MidiInput input = MidiInput.open(name);
    midi = input;
    attachMidi(input.deviceName(), input.controls(learn), input.messages(), input.clock());
  }

  /**
   * Applies a MIDI device's streams: its control messages, its raw messages (counted as events) and its clock,
   * whose tempo and transport go to the show's addresses ({@link ClockEvent#control}).
   */
  void attachMidi(String deviceName, Flux<ControlMessage> controls, Flux<ShortMessage> messages,
      Flux<ClockEvent> clock) {
    midiDevice = deviceName;
    subscriptions.add(messages.filter(ControlInputs::isEvent).subscribe(message -> midiEvents.incrementAndGet()));
    subscriptions.add(controls.subscribe(this::applyFromMidi));
    subscriptions.add(clock.mapNotNull(ClockEvent::control).subscribe(this::applyFromMidi));
  }

  /** Clock ticks and active sensing stream constantly; they are not events a VJ made. */
  private static boolean isEvent(ShortMessage message) {
    int status = message.getStatus();
    return status != ShortMessage.TIMING_CLOCK && status != ShortMessage.ACTIVE_SENSING;
  }

  private void applyFromMidi(ControlMessage message) {
    try {
      apply(message);
    } catch (IllegalArgumentException e) {
      midiRejected.incrementAndGet();
      log.debug("MIDI control rejected: {}", e.getMessage());
    }
  }

  /**
   * Applies one message from any input. Keeps relative MIDI encoders in step with values set elsewhere, and after a
   * preset switch re-registers the OSC methods, since the new preset may have another latent size.
   *
   * @throws IllegalArgumentException from the surface, naming the address and the problem
   */
  void apply(ControlMessage message) {
    surface.apply(message);
    if (message.address().equals(PRESET)) {
      syncOscMethods();
    } else if (message.args().size() == 1 && message.args().get(0) instanceof Number value) {
      learn.mapper().sync(message.address(), value.doubleValue());
    }
  }

  /** Registers an OSC method for every writable address and removes those of addresses that went away. */
  synchronized void syncOscMethods() {
    Set<String> writable = surface.parameters().stream()
        .filter(ControlParameter::writable).map(ControlParameter::address).collect(Collectors.toSet());
    oscMethods.entrySet().removeIf(method -> {
      boolean gone = !writable.contains(method.getKey());
      if (gone) {
        method.getValue().dispose();
      }
      return gone;
    });
    for (String address : writable) {
      if (!oscMethods.containsKey(address)) {
        try {
          oscMethods.put(address, router.register(address, message -> applyFromOsc(address, message)));
        } catch (IllegalArgumentException e) {
          log.warn("{} cannot be controlled over OSC: {}", address, e.getMessage());
        }
      }
    }
  }

  /** A controller streaming bad values must not flood the log: refusals are counted, and logged at debug level. */
  private void applyFromOsc(String address, OscMessage message) {
    try {
      apply(toControl(address, message));
    } catch (IllegalArgumentException e) {
      oscRejected.incrementAndGet();
      log.debug("OSC control rejected: {}", e.getMessage());
    }
  }

  /**
   * A message to the method {@code address} (the message's own address may be a pattern matching several) with the
   * OSC arguments as control arguments; nil and impulse markers carry no value (an impulse address takes none).
   */
  static ControlMessage toControl(String address, OscMessage message) {
    List<Object> args = new ArrayList<>(message.argumentCount());
    for (Object argument : message.arguments()) {
      if (argument instanceof Number || argument instanceof Boolean || argument instanceof String) {
        args.add(argument);
      } else if (!(argument instanceof OscMarker)) {
        throw new IllegalArgumentException(address + ": OSC argument type '" + message.typeTags()
            + "' cannot control the show");
      }
    }
    return new ControlMessage(address, args);
  }

  ControlSurface surface() {
    return surface;
  }

  /** MIDI-learn, or null when no MIDI device is open (learning needs a control to move). */
  @Nullable MidiLearn midiLearn() {
    return midiDevice == null ? null : learn;
  }

  /** The MIDI bindings in force, learned ones included. */
  List<MidiBinding> midiBindings() {
    return learn.mapper().bindings();
  }

  /** The bound OSC address, or null without OSC. */
  @Nullable InetSocketAddress oscAddress() {
    return oscAddress;
  }

  /** The counters of the OSC input, or null without OSC. */
  @Nullable OscStats oscStats() {
    OscServer server = osc;
    InetSocketAddress address = oscAddress;
    if (server == null || address == null) {
      return null;
    }
    OscServer.Stats packets = server.stats();
    OscRouter.Stats routed = router.stats();
    return new OscStats(address.getPort(), packets.accepted(), packets.dropped(), packets.malformed(),
        packets.oversize(), packets.nonFinite(), packets.overflow(),
        routed.unknownAddress() + routed.malformedPattern(), oscRejected.get() + routed.handlerFailures());
  }

  /** The counters of the MIDI input, or null without MIDI. */
  @Nullable MidiStats midiStats() {
    String device = midiDevice;
    if (device == null) {
      return null;
    }
    MidiInput input = midi;
    return new MidiStats(device, input == null || input.connected(), midiEvents.get(), midiRejected.get(),
        learn.armed());
  }

  /**
   * @param accepted OSC messages received
   * @param dropped datagrams and messages dropped: malformed, oversize, non-finite, or over the buffer
   * @param unknownAddress messages whose address (pattern) matched no control
   * @param rejected messages the show refused (wrong arguments)
   */
  record OscStats(int port, long accepted, long dropped, long malformed, long oversize, long nonFinite,
      long overflow, long unknownAddress, long rejected) {}

  /**
   * @param events MIDI messages received (clock ticks and active sensing not counted)
   * @param rejected control messages from MIDI the show refused
   * @param learning whether MIDI-learn waits for a control to move
   */
  record MidiStats(String device, boolean connected, long events, long rejected, boolean learning) {}

  /** Stops OSC and MIDI; idempotent. */
  @Override
  public void close() {
    subscriptions.dispose();
    learn.disarm();
    MidiInput input = midi;
    if (input != null) {
      input.close();
    }
    OscServer server = osc;
    if (server != null) {
      server.close();
    }
  }
}
