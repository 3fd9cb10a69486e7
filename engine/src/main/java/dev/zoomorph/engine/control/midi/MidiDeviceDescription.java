package dev.zoomorph.engine.control.midi;

/**
 * A MIDI device the system offers.
 *
 * @param input whether the device sends MIDI to the show (it can be opened with {@link MidiInput#open(String)})
 * @param output whether the device accepts MIDI
 */
public record MidiDeviceDescription(String name, String vendor, String description, boolean input,
    boolean output) {}
