package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ControlSurface;
import dev.zoomorph.engine.control.midi.ClockEvent;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.control.midi.MidiInput;
import dev.zoomorph.engine.control.midi.MidiLearn;
import dev.zoomorph.engine.control.midi.MidiMapper;
import dev.zoomorph.engine.control.osc.OscControls;
import dev.zoomorph.engine.control.osc.OscServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * The show's control inputs on its {@link ControlBus}: the OSC server (through its {@link OscControls} adapter),
 * the MIDI input (its bindings, MIDI-learn and its clock, {@link ClockEvent#control}), and the HTTP API's
 * {@link #submit}. Each input only turns its socket or device into control messages; the bus checks, counts and
 * applies them, and what it applied keeps relative MIDI encoders in step.
 */
final class ControlInputs implements AutoCloseable {

  static final String PRESET = "/zoomorph/preset";
  static final String BPM = "/zoomorph/bpm";
  /** The input names the bus counts under. */
  static final String OSC = "osc";
  static final String MIDI = "midi";
  static final String HTTP = "http";
  static final String PLAYLIST = "playlist";

  private final ControlBus bus;
  private final MidiLearn learn;
  private final Disposable.Composite subscriptions = Disposables.composite();
  private final AtomicLong midiEvents = new AtomicLong();
  private @Nullable OscServer osc;
  private @Nullable OscControls oscControls;
  private @Nullable InetSocketAddress oscAddress;
  private @Nullable MidiInput midi;
  private volatile @Nullable String midiDevice;

  private ControlInputs(ControlSurface surface, List<MidiBinding> midiBindings, PresetAccess access) {
    this.bus = new ControlBus(surface, access);
    this.learn = new MidiLearn(new MidiMapper(midiBindings));
    // MIDI feedback follows whatever any input changed: relative encoders go on from the value set elsewhere.
    subscriptions.add(bus.applied()
        .filter(applied -> applied.message().args().size() == 1 && applied.message().args().get(0) instanceof Number)
        .subscribe(applied -> learn.mapper().sync(applied.message().address(),
            ((Number) applied.message().args().get(0)).doubleValue())));
  }

  /**
   * Binds the OSC server on {@code host} and opens the MIDI input, as {@code options} say.
   *
   * @throws ServeException if the OSC port cannot be bound or the MIDI device cannot be opened or found
   */
  static ControlInputs start(ControlSurface surface, String host, ControlOptions options) {
    ControlInputs inputs = new ControlInputs(surface, options.midiBindings(), new PresetAccess(options.presetDir()));
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
    try {
      oscAddress = server.start(host, port);
    } catch (RuntimeException e) {
      throw new ServeException(ServeException.Cause.OSC_PORT, e.getMessage() + " (choose another --osc-port, or"
          + " --no-osc)", e);
    }
    OscControls adapter = new OscControls(this::writableAddresses);
    oscControls = adapter;
    subscriptions.add(bus.attach(OSC, adapter.controls(server.messages())));
  }

  private List<String> writableAddresses() {
    return bus.parameters().stream().filter(ControlParameter::writable).map(ControlParameter::address).toList();
  }

  private void openMidi(String name) {
    MidiInput input;
    try {
      input = MidiInput.open(name);
    } catch (RuntimeException e) {
      throw new ServeException(ServeException.Cause.MIDI_DEVICE, "--midi " + name + ": " + e.getMessage(), e);
    }
    midi = input;
    attachMidi(input.deviceName(), input.controls(learn), input.messages(), input.clock());
  }

  /**
   * Attaches a MIDI device's streams to the bus: its control messages and its clock, whose tempo and transport go
   * to the show's addresses ({@link ClockEvent#control}); its raw messages are counted as events.
   */
  void attachMidi(String deviceName, Flux<ControlMessage> controls, Flux<ShortMessage> messages,
      Flux<ClockEvent> clock) {
    midiDevice = deviceName;
    subscriptions.add(messages.filter(ControlInputs::isEvent).subscribe(message -> midiEvents.incrementAndGet()));
    subscriptions.add(bus.attach(MIDI, Flux.merge(controls, clock.mapNotNull(ClockEvent::control))));
  }

  /** Clock ticks and active sensing stream constantly; they are not events a VJ made. */
  private static boolean isEvent(ShortMessage message) {
    int status = message.getStatus();
    return status != ShortMessage.TIMING_CLOCK && status != ShortMessage.ACTIVE_SENSING;
  }

  /**
   * Applies one message from the HTTP API.
   *
   * @return what was applied, or null for a button's release
   * @throws dev.zoomorph.engine.control.ControlException naming the address and the problem
   */
  @Nullable ControlMessage submit(ControlMessage message) {
    return bus.submit(HTTP, message);
  }

  ControlBus bus() {
    return bus;
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
    OscControls adapter = oscControls;
    InetSocketAddress address = oscAddress;
    if (server == null || adapter == null || address == null) {
      return null;
    }
    OscServer.Stats packets = server.stats();
    OscControls.Stats patterns = adapter.stats();
    ControlBus.InputCounts counts = bus.counts(OSC);
    return new OscStats(address.getPort(), packets.accepted(), packets.dropped(), packets.malformed(),
        packets.oversize(), packets.nonFinite(), packets.overflow(), packets.rateLimited(),
        counts.unknownAddress() + patterns.unmatched() + patterns.malformedPattern(),
        counts.rejected() + patterns.unusableArguments(), counts.forbidden());
  }

  /** The counters of the MIDI input, or null without MIDI. */
  @Nullable MidiStats midiStats() {
    String device = midiDevice;
    if (device == null) {
      return null;
    }
    MidiInput input = midi;
    ControlBus.InputCounts counts = bus.counts(MIDI);
    return new MidiStats(device, input == null || input.connected(), midiEvents.get(),
        counts.rejected() + counts.unknownAddress(), learn.armed());
  }

  /**
   * @param accepted OSC messages received
   * @param dropped datagrams and messages dropped: malformed, oversize, non-finite, over the buffer, or over their
   *     sender's rate
   * @param rateLimited datagrams dropped undecoded because their sender went over its rate
   * @param unknownAddress messages whose address (pattern) matched no control
   * @param rejected messages the show refused (wrong arguments, a preset that does not load)
   * @param forbidden messages naming a preset file outside the preset folder (never read)
   */
  record OscStats(int port, long accepted, long dropped, long malformed, long oversize, long nonFinite,
      long overflow, long rateLimited, long unknownAddress, long rejected, long forbidden) {}

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
    bus.close();
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
