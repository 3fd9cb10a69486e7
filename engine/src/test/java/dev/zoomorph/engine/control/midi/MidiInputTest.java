package dev.zoomorph.engine.control.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.control.ControlMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Transmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Opening by name and hot-plug, with devices that come and go at the test's command, on virtual time. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MidiInputTest {
  private final List<FakeDevice> plugged = new CopyOnWriteArrayList<>();
  private final DeviceProvider provider = new DeviceProvider() {
    @Override
    public List<MidiDevice.Info> infos() {
      return plugged.stream().map(FakeDevice::getDeviceInfo).toList();
    }

    @Override
    public MidiDevice device(MidiDevice.Info info) throws MidiUnavailableException {
      return plugged.stream().filter(d -> d.getDeviceInfo() == info).findFirst()
          .orElseThrow(() -> new MidiUnavailableException(info.getName() + " is unplugged"));
    }
  };
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

  @Test
  void aDeviceThatLeavesIsReopenedWhenItReturns() throws Exception {
    FakeDevice first = new FakeDevice("nanoKONTROL2 [hw:1,0,0]", -1);
    plugged.add(first);
    plugged.add(new FakeDevice("Gervill", 0));
    MidiMapper mapper = new MidiMapper(List.of(MidiBinding.of(MidiSource.cc(1, 7), "/zoomorph/speed", 0, 1)));
    List<ControlMessage> received = new ArrayList<>();
    try (MidiInput input = new MidiInput("NANOkontrol", provider, time, false, () -> time.now(TimeUnit.NANOSECONDS))) {
      input.controls(new MidiLearn(mapper)).subscribe(received::add);
      assertThat(input.connected()).isTrue();
      assertThat(input.deviceName()).isEqualTo("nanoKONTROL2 [hw:1,0,0]");
      first.send(127);

      plugged.remove(first);
      time.advanceTimeBy(MidiInput.POLL_INTERVAL);
      assertThat(input.connected()).isFalse();
      assertThat(first.isOpen()).isFalse();

      time.advanceTimeBy(Duration.ofSeconds(10)); // stays away; nothing breaks
      assertThat(input.connected()).isFalse();

      // Back on another USB port: a new device object with a new name suffix.
      FakeDevice second = new FakeDevice("nanoKONTROL2 [hw:2,0,0]", -1);
      plugged.add(second);
      time.advanceTimeBy(MidiInput.POLL_INTERVAL);
      assertThat(input.connected()).isTrue();
      assertThat(second.isOpen()).isTrue();
      assertThat(input.deviceName()).isEqualTo("nanoKONTROL2 [hw:2,0,0]");
      second.send(0);
    }
    assertThat(received).containsExactly(
        ControlMessage.of("/zoomorph/speed", 1.0), ControlMessage.of("/zoomorph/speed", 0.0));
    assertThat(plugged).noneMatch(FakeDevice::isOpen);
  }

  @Test
  void aDeviceThatCannotBeReopenedYetIsTriedAgain() {
    FakeDevice device = new FakeDevice("Launch Control XL", -1);
    plugged.add(device);
    try (MidiInput input = new MidiInput("launch", provider, time, false, () -> time.now(TimeUnit.NANOSECONDS))) {
      plugged.remove(device);
      time.advanceTimeBy(MidiInput.POLL_INTERVAL);
      device.failOpen = true;
      plugged.add(device);
      time.advanceTimeBy(MidiInput.POLL_INTERVAL);
      assertThat(input.connected()).isFalse();
      device.failOpen = false;
      time.advanceTimeBy(MidiInput.POLL_INTERVAL);
      assertThat(input.connected()).isTrue();
    }
  }

  @Test
  void unknownOrAmbiguousNamesListTheInputs() {
    plugged.add(new FakeDevice("nanoKONTROL2", -1));
    plugged.add(new FakeDevice("nanoPAD2", -1));
    plugged.add(new FakeDevice("Gervill", 0));
    assertThatThrownBy(() -> new MidiInput("launchpad", provider, time, false, () -> time.now(TimeUnit.NANOSECONDS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no MIDI input matches 'launchpad'; inputs: 'nanoKONTROL2', 'nanoPAD2'");
    assertThatThrownBy(() -> new MidiInput("nano", provider, time, false, () -> time.now(TimeUnit.NANOSECONDS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'nano' matches several MIDI inputs: 'nanoKONTROL2', 'nanoPAD2'; give more of the name");
    assertThatThrownBy(() -> new MidiInput("gervill", provider, time, false, () -> time.now(TimeUnit.NANOSECONDS)))
        .hasMessageContaining("no MIDI input matches 'gervill'");
    plugged.add(new FakeDevice("nano", -1));
    try (MidiInput input = new MidiInput("NANO", provider, time, false, () -> time.now(TimeUnit.NANOSECONDS))) {
      assertThat(input.deviceName()).isEqualTo("nano");
    }
  }

  @Test
  void aDeviceThatFailsToOpenIsAClearError() {
    FakeDevice busy = new FakeDevice("Busy Keys", -1);
    busy.failOpen = true;
    plugged.add(busy);
    assertThatThrownBy(() -> new MidiInput("busy", provider, time, false, () -> time.now(TimeUnit.NANOSECONDS)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("MIDI input 'Busy Keys' cannot be opened: in use by another program");
  }

  @Test
  void listsDevicesWithDirections() {
    plugged.add(new FakeDevice("nanoKONTROL2", -1));
    plugged.add(new FakeDevice("Gervill", 0));
    assertThat(MidiInput.describe(provider)).containsExactly(
        new MidiDeviceDescription("nanoKONTROL2", "test vendor", "test device", true, false),
        new MidiDeviceDescription("Gervill", "test vendor", "test device", false, false));
  }

  @Test
  void theSystemListIncludesTheJavaSequencer() {
    assertThat(MidiInput.devices()).anySatisfy(d -> {
      assertThat(d.name()).isEqualTo("Real Time Sequencer");
      assertThat(d.input()).isTrue();
      assertThat(d.output()).isTrue();
    });
  }

  /** A hardware stand-in: a device with one transmitter the test speaks through. */
  private static final class FakeDevice implements MidiDevice {
    private final Info info;
    private final int maxTransmitters;
    private final List<FakeTransmitter> transmitters = new ArrayList<>();
    private boolean open;
    boolean failOpen;

    FakeDevice(String name, int maxTransmitters) {
      this.info = new Info(name, "test vendor", "test device", "1.0") {};
      this.maxTransmitters = maxTransmitters;
    }

    void send(int value) throws InvalidMidiDataException {
      ShortMessage message = new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 7, value);
      for (FakeTransmitter t : transmitters) {
        if (t.receiver != null) {
          t.receiver.send(message, -1);
        }
      }
    }

    @Override
    public Info getDeviceInfo() {
      return info;
    }

    @Override
    public void open() throws MidiUnavailableException {
      if (failOpen) {
        throw new MidiUnavailableException("in use by another program");
      }
      open = true;
    }

    @Override
    public void close() {
      transmitters.forEach(FakeTransmitter::close);
      open = false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public long getMicrosecondPosition() {
      return -1;
    }

    @Override
    public int getMaxReceivers() {
      return 0;
    }

    @Override
    public int getMaxTransmitters() {
      return maxTransmitters;
    }

    @Override
    public Receiver getReceiver() throws MidiUnavailableException {
      throw new MidiUnavailableException("no receivers");
    }

    @Override
    public List<Receiver> getReceivers() {
      return List.of();
    }

    @Override
    public Transmitter getTransmitter() {
      if (!open) {
        throw new IllegalStateException("not open");
      }
      FakeTransmitter transmitter = new FakeTransmitter();
      transmitters.add(transmitter);
      return transmitter;
    }

    @Override
    public List<Transmitter> getTransmitters() {
      return List.copyOf(transmitters);
    }
  }

  private static final class FakeTransmitter implements Transmitter {
    Receiver receiver;

    @Override
    public void setReceiver(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public Receiver getReceiver() {
      return receiver;
    }

    @Override
    public void close() {
      receiver = null;
    }
  }
}
