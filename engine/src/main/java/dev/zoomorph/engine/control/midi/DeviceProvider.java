package dev.zoomorph.engine.control.midi;

import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;

/** Where MIDI devices come from: the system, or a test's devices that come and go. */
interface DeviceProvider {
  DeviceProvider SYSTEM = new DeviceProvider() {
    @Override
    public List<MidiDevice.Info> infos() {
      return List.of(MidiSystem.getMidiDeviceInfo());
    }

    @Override
    public MidiDevice device(MidiDevice.Info info) throws MidiUnavailableException {
      return MidiSystem.getMidiDevice(info);
    }
  };

  /** The devices present now. */
  List<MidiDevice.Info> infos();

  /** The device for {@code info} (not opened). */
  MidiDevice device(MidiDevice.Info info) throws MidiUnavailableException;
}
