package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.midi.MidiLearn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.ShortMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The control bus's input for MIDI controllers plugged into a browser's machine: the control page reads them with
 * WebMIDI and forwards their messages ({@code POST /api/midi}), and this adapter turns them into control messages
 * through the show's MIDI bindings and MIDI-learn, the same ones a device opened with {@code --midi} goes through.
 * Only channel voice messages travel (notes, CCs, pitch bend, …): MIDI clock over HTTP would jitter.
 */
final class WebMidi {

  /** Messages one request may carry. */
  static final int MAX_BATCH = 256;
  private static final int MAX_DEVICES = 16;
  private static final int MAX_NAME = 100;

  private final Sinks.Many<ShortMessage> messages = Sinks.many().multicast().directBestEffort();
  private final Set<String> devices = new TreeSet<>();
  private final AtomicLong events = new AtomicLong();

  /**
   * The MIDI messages of one request, checked before any is applied.
   *
   * @throws IllegalArgumentException naming the message and the problem
   */
  static List<ShortMessage> parse(List<List<Integer>> raw) {
    if (raw.size() > MAX_BATCH) {
      throw new IllegalArgumentException("at most " + MAX_BATCH + " MIDI messages per request, got " + raw.size());
    }
    List<ShortMessage> parsed = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      parsed.add(parse(i, raw.get(i)));
    }
    return parsed;
  }

  private static ShortMessage parse(int index, List<Integer> bytes) {
    String where = "MIDI message " + index + " " + bytes + ": ";
    if (bytes.isEmpty() || bytes.get(0) < 0x80 || bytes.get(0) > 0xEF) {
      throw new IllegalArgumentException(where + "the first byte must be a channel message's status, 128 to 239");
    }
    int status = bytes.get(0);
    int command = status & 0xF0;
    int dataBytes = command == ShortMessage.PROGRAM_CHANGE || command == ShortMessage.CHANNEL_PRESSURE ? 1 : 2;
    if (bytes.size() != 1 + dataBytes) {
      throw new IllegalArgumentException(where + "status " + status + " takes " + dataBytes + " data byte(s)");
    }
    for (int i = 1; i < bytes.size(); i++) {
      int data = bytes.get(i);
      if (data < 0 || data > 127) {
        throw new IllegalArgumentException(where + "data bytes must be 0 to 127");
      }
    }
    try {
      return new ShortMessage(command, status & 0x0F, bytes.get(1), dataBytes == 2 ? bytes.get(2) : 0);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  /**
   * Applies {@code batch} from the browser's device {@code device}, in order, through the bindings; returns once
   * they have been applied. A device is remembered, so that MIDI-learn knows there is a controller to move.
   *
   * @throws IllegalArgumentException if the device name is empty, too long, or one too many
   */
  synchronized void accept(String device, List<ShortMessage> batch) {
    if (device.isBlank() || device.length() > MAX_NAME) {
      throw new IllegalArgumentException("the MIDI device name must be 1 to " + MAX_NAME + " characters");
    }
    if (!devices.contains(device)) {
      if (devices.size() >= MAX_DEVICES) {
        throw new IllegalArgumentException("at most " + MAX_DEVICES + " browser MIDI devices");
      }
      devices.add(device);
    }
    for (ShortMessage message : batch) {
      events.incrementAndGet();
      messages.tryEmitNext(message);
    }
  }

  /** The control messages the forwarded MIDI produces through {@code learn} and its bindings; subscribe once. */
  Flux<ControlMessage> controls(MidiLearn learn) {
    return learn.controls(messages.asFlux(), () -> "browser MIDI");
  }

  /** Whether a browser has forwarded a MIDI device. */
  synchronized boolean hasDevice() {
    return !devices.isEmpty();
  }

  synchronized List<String> devices() {
    return List.copyOf(devices);
  }

  long events() {
    return events.get();
  }
}
