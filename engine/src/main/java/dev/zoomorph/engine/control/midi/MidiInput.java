package dev.zoomorph.engine.control.midi;

import dev.zoomorph.engine.control.ControlMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Transmitter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One MIDI input device, opened by name, that survives being unplugged.
 *
 * <p>Every {@link #POLL_INTERVAL} the system's device list is checked: when the device has gone, the input logs it
 * and carries on with no MIDI (the show keeps running on the values it has); when a device matching the name is
 * back, it is reopened and its messages flow into the same streams.
 *
 * <p>The streams are hot and never buffer: a subscriber sees what arrives after it subscribes, on the device's
 * thread. They complete on {@link #close()}.
 */
public final class MidiInput implements AutoCloseable {
  /** How often the device list is checked for the device leaving or coming back. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(MidiInput.class);

  private final String query;
  private final DeviceProvider provider;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final LongSupplier nanoTime;
  private final MidiClock midiClock = new MidiClock();
  private final Sinks.Many<ShortMessage> messages = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<ClockEvent> clockEvents = Sinks.many().multicast().directBestEffort();
  private final Disposable polling;

  private @Nullable Connection connection;
  private String deviceName;
  private boolean closed;
  /** Set while the device is missing, so a device that stays away or fails to open is logged once. */
  private boolean reportedMissing;

  private record Connection(MidiDevice device, MidiDevice.Info info, Transmitter transmitter) {}

  /** Every MIDI device the system offers, inputs and outputs. */
  public static List<MidiDeviceDescription> devices() {
    return describe(DeviceProvider.SYSTEM);
  }

  /**
   * Opens the MIDI input whose name contains {@code name} (case-insensitive; an exact name wins over partial ones)
   * and watches for it leaving and returning.
   *
   * @throws IllegalArgumentException if no input or several inputs match, listing the inputs there are
   * @throws IllegalStateException if the device cannot be opened
   */
  public static MidiInput open(String name) {
    Scheduler scheduler = Schedulers.newSingle("zoomorph-midi-hotplug", true);
    try {
      return new MidiInput(name, DeviceProvider.SYSTEM, scheduler, true, System::nanoTime);
    } catch (RuntimeException e) {
      scheduler.dispose();
      throw e;
    }
  }

  /** With the devices, the polling scheduler and the clock for MIDI clock timing injected (tests). */
  MidiInput(String query, DeviceProvider provider, Scheduler scheduler, boolean ownsScheduler,
      LongSupplier nanoTime) {
    this.query = query;
    this.provider = provider;
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.nanoTime = nanoTime;
    MidiDevice.Info info = resolve(query, provider);
    this.deviceName = info.getName();
    try {
      connect(info);
    } catch (MidiUnavailableException | RuntimeException e) {
      throw new IllegalStateException("MIDI input '" + info.getName() + "' cannot be opened: " + e.getMessage(), e);
    }
    long poll = POLL_INTERVAL.toMillis();
    this.polling = scheduler.schedulePeriodically(this::poll, poll, poll, TimeUnit.MILLISECONDS);
  }

  /** The name of the device opened (the last one, while it is away). */
  public synchronized String deviceName() {
    return deviceName;
  }

  /** Whether the device is present and open now. */
  public synchronized boolean connected() {
    return connection != null;
  }

  /** Every short message the device sends: channel messages, clock, transport. */
  public Flux<ShortMessage> messages() {
    return messages.asFlux();
  }

  /**
   * The control messages the device's controls produce through {@code learn} and its mapper. A binding that fails
   * is logged and skipped; the stream goes on. Subscribe once: every subscription maps each message again, which
   * would step relative encoders twice.
   */
  public Flux<ControlMessage> controls(MidiLearn learn) {
    return learn.controls(messages(), this::deviceName);
  }

  /** Tempo and transport from the device's MIDI clock; as show controls with {@link ClockEvent#control}. */
  public Flux<ClockEvent> clock() {
    return clockEvents.asFlux();
  }

  /** Closes the device, stops watching for it and completes the streams. */
  @Override
  public void close() {
    polling.dispose();
    synchronized (this) {
      closed = true;
      disconnect();
    }
    messages.tryEmitComplete();
    clockEvents.tryEmitComplete();
    if (ownsScheduler) {
      scheduler.dispose();
    }
  }

  private void connect(MidiDevice.Info info) throws MidiUnavailableException {
    MidiDevice device = provider.device(info);
    device.open();
    try {
      Transmitter transmitter = device.getTransmitter();
      transmitter.setReceiver(new Forwarder());
      connection = new Connection(device, info, transmitter);
      deviceName = info.getName();
    } catch (MidiUnavailableException | RuntimeException e) {
      device.close();
      throw e;
    }
  }

  private void disconnect() {
    Connection current = connection;
    connection = null;
    if (current != null) {
      // The device may already be gone; closing is best effort.
      try {
        current.transmitter().close();
        current.device().close();
      } catch (RuntimeException e) {
        LOG.debug("closing MIDI input '{}' failed", current.info().getName(), e);
      }
    }
  }

  private synchronized void poll() {
    if (closed) {
      return;
    }
    try {
      List<MidiDevice.Info> present = provider.infos();
      Connection current = connection;
      if (current != null) {
        if (present.stream().noneMatch(info -> sameDevice(info, current.info()))) {
          LOG.warn("MIDI input '{}' disappeared; the show goes on and the input reopens when it returns",
              current.info().getName());
          disconnect();
          reportedMissing = true;
        }
        return;
      }
      List<MidiDevice.Info> matches = matching(query, inputs(present, provider));
      if (matches.size() != 1) {
        return;
      }
      connect(matches.get(0));
      reportedMissing = false;
      LOG.info("MIDI input '{}' is back and reopened", matches.get(0).getName());
    } catch (MidiUnavailableException | RuntimeException e) {
      if (!reportedMissing) {
        LOG.warn("MIDI input '{}' cannot be reopened yet: {}", query, e.toString());
        reportedMissing = true;
      }
    }
  }

  /** The one input matching {@code query}, or an error listing the inputs. */
  static MidiDevice.Info resolve(String query, DeviceProvider provider) {
    List<MidiDevice.Info> inputs = inputs(provider.infos(), provider);
    List<MidiDevice.Info> matches = matching(query, inputs);
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("no MIDI input matches '" + query + "'; inputs: "
          + (inputs.isEmpty() ? "none" : names(inputs)));
    }
    throw new IllegalArgumentException(
        "'" + query + "' matches several MIDI inputs: " + names(matches) + "; give more of the name");
  }

  /** Inputs named exactly {@code query} (ignoring case), or failing that, those whose name contains it. */
  private static List<MidiDevice.Info> matching(String query, List<MidiDevice.Info> inputs) {
    String wanted = query.toLowerCase(Locale.ROOT);
    List<MidiDevice.Info> exact = inputs.stream()
        .filter(info -> info.getName().toLowerCase(Locale.ROOT).equals(wanted)).toList();
    return exact.isEmpty()
        ? inputs.stream().filter(info -> info.getName().toLowerCase(Locale.ROOT).contains(wanted)).toList()
        : exact.subList(0, 1);
  }

  private static List<MidiDevice.Info> inputs(List<MidiDevice.Info> infos, DeviceProvider provider) {
    List<MidiDevice.Info> inputs = new ArrayList<>();
    for (MidiDevice.Info info : infos) {
      try {
        if (provider.device(info).getMaxTransmitters() != 0) {
          inputs.add(info);
        }
      } catch (MidiUnavailableException e) {
        LOG.debug("MIDI device '{}' is listed but unavailable", info.getName(), e);
      }
    }
    return inputs;
  }

  static List<MidiDeviceDescription> describe(DeviceProvider provider) {
    List<MidiDeviceDescription> out = new ArrayList<>();
    for (MidiDevice.Info info : provider.infos()) {
      try {
        MidiDevice device = provider.device(info);
        out.add(new MidiDeviceDescription(info.getName(), info.getVendor(), info.getDescription(),
            device.getMaxTransmitters() != 0, device.getMaxReceivers() != 0));
      } catch (MidiUnavailableException e) {
        LOG.debug("MIDI device '{}' is listed but unavailable", info.getName(), e);
      }
    }
    return out;
  }

  private static String names(List<MidiDevice.Info> infos) {
    return infos.stream().map(info -> "'" + info.getName() + "'").collect(Collectors.joining(", "));
  }

  // Info has identity equality and providers may make new ones on every listing.
  private static boolean sameDevice(MidiDevice.Info a, MidiDevice.Info b) {
    return a.getName().equals(b.getName()) && a.getVendor().equals(b.getVendor())
        && a.getDescription().equals(b.getDescription()) && a.getVersion().equals(b.getVersion());
  }

  /** Receives from the device's transmitter on the device's thread. */
  private final class Forwarder implements Receiver {
    @Override
    public void send(MidiMessage message, long timeStamp) {
      if (!(message instanceof ShortMessage shortMessage)) {
        return; // System exclusive carries nothing the show uses.
      }
      long now = nanoTime.getAsLong();
      // One lock across reconnects: a late message from the old device must not race the new one's.
      synchronized (midiClock) {
        midiClock.accept(shortMessage, now).ifPresent(clockEvents::tryEmitNext);
        messages.tryEmitNext(shortMessage);
      }
    }

    @Override
    public void close() {}
  }
}
