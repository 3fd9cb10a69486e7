package dev.zoomorph.audio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/** The system's capture devices through Java Sound: mixers with a target data line (on Linux, ALSA's PCM devices). */
final class JavaSoundDevices implements CaptureDevices {
  static final JavaSoundDevices SYSTEM = new JavaSoundDevices();

  /** Tried in order: 48 kHz and 44.1 kHz, mono before stereo, signed 16-bit little-endian. */
  private static final List<AudioFormat> FORMATS = List.of(new AudioFormat(48_000, 16, 1, true, false),
      new AudioFormat(48_000, 16, 2, true, false), new AudioFormat(44_100, 16, 1, true, false),
      new AudioFormat(44_100, 16, 2, true, false));

  private JavaSoundDevices() {}

  @Override
  public List<AudioDevice> devices() {
    List<AudioDevice> out = new ArrayList<>();
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      Mixer mixer = AudioSystem.getMixer(info);
      for (javax.sound.sampled.Line.Info line : mixer.getTargetLineInfo()) {
        if (TargetDataLine.class.isAssignableFrom(line.getLineClass())) {
          out.add(new AudioDevice(info.getName(), info.getDescription()));
          break;
        }
      }
    }
    return out;
  }

  @Override
  public Line open(AudioDevice device, int bufferFrames) throws IOException {
    Mixer.Info info = null;
    for (Mixer.Info candidate : AudioSystem.getMixerInfo()) {
      if (candidate.getName().equals(device.name())) {
        info = candidate;
      }
    }
    if (info == null) {
      throw new IOException("audio device '" + device.name() + "' is not there");
    }
    Mixer mixer = AudioSystem.getMixer(info);
    List<String> problems = new ArrayList<>();
    for (AudioFormat format : FORMATS) {
      DataLine.Info wanted = new DataLine.Info(TargetDataLine.class, format);
      if (!mixer.isLineSupported(wanted)) {
        continue;
      }
      try {
        TargetDataLine line = (TargetDataLine) mixer.getLine(wanted);
        line.open(format, bufferFrames * format.getFrameSize());
        line.start();
        return new SoundLine(line, format);
      } catch (LineUnavailableException | IllegalArgumentException e) {
        problems.add(format + ": " + e.getMessage());
      }
    }
    throw new IOException("audio device '" + device.name() + "' takes none of "
        + (problems.isEmpty() ? FORMATS : problems));
  }

  private record SoundLine(TargetDataLine line, AudioFormat format) implements Line {
    @Override
    public int sampleRate() {
      return Math.round(format.getSampleRate());
    }

    @Override
    public int channels() {
      return format.getChannels();
    }

    @Override
    public int bufferFrames() {
      return line.getBufferSize() / format.getFrameSize();
    }

    @Override
    public int read(byte[] buffer, int length) {
      int done = 0;
      while (done < length && line.isOpen()) {
        int read = line.read(buffer, done, length - done);
        if (read <= 0) {
          break;
        }
        done += read;
      }
      return done;
    }

    @Override
    public void close() {
      line.stop();
      line.close();
    }
  }
}
