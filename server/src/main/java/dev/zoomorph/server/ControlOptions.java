package dev.zoomorph.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How a live show is controlled: the token control requests need, the OSC port, the MIDI input, the audio input and
 * what saves the preset. The OSC server binds the same host as the HTTP server.
 *
 * @param oscPort the UDP port (0 for any free one), or empty for no OSC
 * @param midiDevice the name (or part of it) of the MIDI input to open, or null for no MIDI (its bindings are the
 *     playing preset's)
 * @param presetSaver saves the running show, or null where saving is not available (then the save endpoint says so)
 * @param presetDir the folder whose preset files OSC and the HTTP API may name, or null for bundled presets only
 * @param audioDevice the name (or part of it, or {@code default}) of the sound capture device, or null for no audio
 * @param audioOscOut where the audio features are sent as OSC, or null for nowhere
 */
record ControlOptions(ApiToken token, OptionalInt oscPort, @Nullable String midiDevice,
    @Nullable PresetSaver presetSaver, @Nullable Path presetDir, @Nullable String audioDevice,
    @Nullable InetSocketAddress audioOscOut) {

  ControlOptions {
    if (oscPort.isPresent() && (oscPort.getAsInt() < 0 || oscPort.getAsInt() > 65535)) {
      throw new IllegalArgumentException("the OSC port must be between 0 and 65535, was " + oscPort.getAsInt());
    }
    if (audioOscOut != null && audioDevice == null) {
      throw new IllegalArgumentException("OSC out of audio features needs an audio input");
    }
  }
}
