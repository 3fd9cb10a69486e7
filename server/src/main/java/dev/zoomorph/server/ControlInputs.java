package dev.zoomorph.server;

import dev.zoomorph.audio.AudioControls;
import dev.zoomorph.audio.AudioInput;
import dev.zoomorph.audio.AudioOscOut;
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
import dev.zoomorph.engine.control.osc.OscMessage;
import dev.zoomorph.engine.control.osc.OscReceived;
import dev.zoomorph.engine.control.osc.OscServer;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.show.LiveShow;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * The show's control inputs on its {@link ControlBus}: the OSC server (through its {@link OscControls} adapter),
 * the MIDI input (through the playing preset's bindings, MIDI-learn and its clock, {@link ClockEvent#control}),
 * MIDI forwarded by browsers ({@link WebMidi}, through the same bindings), the audio input (its features through the
 * playing preset's audio bindings, {@link AudioControls}), and the HTTP API's {@link #submit}. Each input only turns
 * its socket or device into control messages; the bus checks, counts and applies them, and what it applied keeps
 * relative MIDI encoders in step.
 */
final class ControlInputs implements AutoCloseable {

  /** The most characters of an address, or of a problem, an answer to a refused OSC message carries. */
  static final int ANSWERED_LENGTH = 200;

  /** The input names the bus counts under. */
  static final String OSC = "osc";
  static final String MIDI = "midi";
  static final String HTTP = "http";
  static final String WEB_MIDI = "webmidi";
  static final String AUDIO = AudioControls.INPUT;
  static final String PLAYLIST = "playlist";

  private final ControlBus bus;
  private final PresetAccess presetAccess;
  private final MidiLearn learn;
  private final WebMidi webMidi = new WebMidi();
  private final Disposable.Composite subscriptions = Disposables.composite();
  private final AtomicLong midiEvents = new AtomicLong();
  private @Nullable OscServer osc;
  private @Nullable OscControls oscControls;
  private @Nullable InetSocketAddress oscAddress;
  private @Nullable MidiInput midi;
  private volatile @Nullable String midiDevice;
  private @Nullable AudioInput audio;
  private @Nullable AudioOscOut audioOut;

  private ControlInputs(ControlSurface surface, Supplier<Preset> playing, PresetAccess access) {
    this.bus = new ControlBus(surface, access);
    this.presetAccess = access;
    // Asked at each message, as the audio bindings are: a switch from any input (a playlist's too) rebinds MIDI.
    this.learn = new MidiLearn(MidiMapper.following(playing, Preset::midi));
    // MIDI feedback follows whatever any input changed: relative encoders go on from the value set elsewhere.
    subscriptions.add(bus.applied()
        .filter(applied -> applied.message().args().size() == 1 && applied.message().args().get(0) instanceof Number)
        .subscribe(applied -> learn.mapper().sync(applied.message().address(),
            ((Number) applied.message().args().get(0)).doubleValue())));
    subscriptions.add(bus.attach(WEB_MIDI, webMidi.controls(learn)));
  }

  /**
   * Binds the OSC server on {@code host} and opens the MIDI and audio inputs, as {@code options} say; MIDI goes
   * through the bindings of {@code show}'s playing preset, the audio input listens as it says, and {@code show} reads
   * its features.
   *
   * @throws ServeException if the OSC port cannot be bound or the MIDI or audio device cannot be opened or found
   */
  static ControlInputs start(ControlSurface surface, LiveShow show, String host, ControlOptions options) {
    ControlInputs inputs = new ControlInputs(surface, show::preset, new PresetAccess(options.presetDir()));
    try {
      if (options.oscPort().isPresent()) {
        inputs.listenOsc(host, options.oscPort().getAsInt());
      }
      String device = options.midiDevice();
      if (device != null) {
        inputs.openMidi(device);
      }
      String audioDevice = options.audioDevice();
      if (audioDevice != null) {
        inputs.openAudio(audioDevice, show, options.audioOscOut());
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
      throw ServeException.listenFailed(ServeException.Cause.OSC_PORT, port, host, e, e.getMessage());
    }
    OscControls adapter = new OscControls(this::writableAddresses);
    oscControls = adapter;
    // Bundles apply at their time tags (senders tag ahead to land with the sound). A refused message, for its time
    // tag or by the bus, is answered to its sender, so a controller's log shows what was wrong.
    Flux<OscReceived> onTime = server.onTime((received, refusal) -> answer(server, received, refusal.address(),
        refusal.getMessage()));
    subscriptions.add(bus.attach(OSC, onTime, received -> adapter.toControls(received.message(),
            problem -> answer(server, received, received.message().address(), problem)),
        (received, refusal) -> answer(server, received, refusal.address(), refusal.getMessage())));
  }

  /**
   * Tells the sender of {@code refused} at {@link OscServer#REFUSED} which address was refused and why, each in at
   * most {@link #ANSWERED_LENGTH} characters: a sender address can be forged, and an answer longer than what was sent
   * would let anyone aim the show's answers at a third party, amplified.
   */
  private static void answer(OscServer server, OscReceived refused, String address, @Nullable String problem) {
    server.reply(refused.sender(), OscMessage.of(OscServer.REFUSED, shortened(address),
        shortened(String.valueOf(problem))));
  }

  private static String shortened(String text) {
    return text.length() <= ANSWERED_LENGTH ? text : text.substring(0, ANSWERED_LENGTH - 1) + "…";
  }

  /** The preset folder's files that OSC and the HTTP API may name ({@link PresetAccess#files}); reads the folder. */
  List<String> presetFiles() {
    return presetAccess.files();
  }

  private List<String> writableAddresses() {
    return bus.parameters().stream().filter(ControlParameter::writable).map(ControlParameter::address).toList();
  }

  private void openMidi(String name) {
    MidiInput input;
    try {
      input = MidiInput.open(name);
    } catch (RuntimeException e) {
      throw new ServeException(ServeException.Cause.MIDI_DEVICE, name, e.getMessage(), e);
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

  private void openAudio(String name, LiveShow show, @Nullable InetSocketAddress oscOut) {
    AudioInput input;
    try {
      input = AudioInput.open(name, () -> show.preset().audio());
    } catch (RuntimeException e) {
      throw new ServeException(ServeException.Cause.AUDIO_DEVICE, name, e.getMessage(), e);
    }
    audio = input;
    show.measureAudioWith(input::latest);
    subscriptions.add(bus.attach(AUDIO, new AudioControls(show::preset).controls(input.features())));
    if (oscOut != null) {
      audioOut = new AudioOscOut(oscOut, input.features());
    }
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

  /** MIDI forwarded by browsers' control pages. */
  WebMidi webMidi() {
    return webMidi;
  }

  /**
   * MIDI-learn, or null when there is no MIDI controller to move: no device open here and none forwarded by a
   * browser.
   */
  @Nullable MidiLearn midiLearn() {
    return midiDevice == null && !webMidi.hasDevice() ? null : learn;
  }

  /** The MIDI bindings in force: the playing preset's, and those learned since it started. */
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
        counts.rejected() + patterns.unusableArguments() + packets.timeTagRefused(), counts.forbidden());
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

  /** The counters of MIDI forwarded by browsers, or null before any browser has forwarded a device. */
  @Nullable WebMidiStats webMidiStats() {
    if (!webMidi.hasDevice()) {
      return null;
    }
    ControlBus.InputCounts counts = bus.counts(WEB_MIDI);
    return new WebMidiStats(webMidi.devices(), webMidi.events(), counts.rejected() + counts.unknownAddress(),
        learn.armed());
  }

  /**
   * @param devices the browser MIDI inputs forwarded so far
   * @param events MIDI messages forwarded
   * @param rejected control messages from them the show refused
   * @param learning whether MIDI-learn waits for a control to move
   */
  record WebMidiStats(List<String> devices, long events, long rejected, boolean learning) {}

  /** The state of the audio input, or null without one. */
  @Nullable AudioStats audioStats() {
    AudioInput input = audio;
    if (input == null) {
      return null;
    }
    ControlBus.InputCounts counts = bus.counts(AUDIO);
    AudioOscOut out = audioOut;
    return new AudioStats(input.deviceName(), input.connected(), input.sampleRate(), input.bufferFrames(),
        input.latency().toNanos() / 1e6, counts.accepted(), counts.rejected() + counts.unknownAddress(),
        out == null ? null : out.sent());
  }

  /**
   * @param sampleRate the device's frames per second
   * @param bufferFrames frames the device buffers
   * @param latencyMillis how long a sound takes to become features at most (buffer and analysis), in milliseconds
   * @param controls control messages the audio bindings sent that the show took
   * @param rejected those it refused
   * @param oscOut feature bundles sent with --audio-osc-out, or null without
   */
  record AudioStats(String device, boolean connected, int sampleRate, int bufferFrames, double latencyMillis,
      long controls, long rejected, @Nullable Long oscOut) {}

  /**
   * @param accepted OSC messages received
   * @param dropped datagrams and messages dropped: malformed, oversize, non-finite, over the buffer, or over their
   *     sender's rate
   * @param rateLimited datagrams dropped undecoded because their sender went over its rate
   * @param unknownAddress messages whose address (pattern) matched no control
   * @param rejected messages the show refused (wrong arguments, a preset that does not load, a time tag too far
   *     ahead or too many waiting for theirs)
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

  /** Stops OSC, MIDI and audio; idempotent. */
  @Override
  public void close() {
    subscriptions.dispose();
    AudioOscOut out = audioOut;
    if (out != null) {
      out.close();
    }
    AudioInput listening = audio;
    if (listening != null) {
      listening.close();
    }
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
