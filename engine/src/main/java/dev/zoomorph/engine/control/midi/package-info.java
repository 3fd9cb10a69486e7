/**
 * MIDI input: devices opened by name and reopened when they are plugged back in ({@link
 * dev.zoomorph.engine.control.midi.MidiInput}), bindings from controls to the show's control addresses ({@link
 * dev.zoomorph.engine.control.midi.MidiBinding}, {@link dev.zoomorph.engine.control.midi.MidiMapper}), MIDI-learn
 * ({@link dev.zoomorph.engine.control.midi.MidiLearn}) and MIDI clock ({@link
 * dev.zoomorph.engine.control.midi.ClockEvent}).
 *
 * <p>Wiring, in short:
 * <pre>{@code
 * MidiMapper mapper = MidiMapper.following(show::preset, Preset::midi); // the playing preset's bindings
 * MidiLearn learn = new MidiLearn(mapper);
 * MidiInput input = MidiInput.open("nanoKONTROL");
 * input.controls(learn).subscribe(dispatcher::apply);
 * input.clock().mapNotNull(ClockEvent::control).subscribe(dispatcher::apply); // tempo, start, stop
 * }</pre>
 */
@NullMarked
package dev.zoomorph.engine.control.midi;

import org.jspecify.annotations.NullMarked;
