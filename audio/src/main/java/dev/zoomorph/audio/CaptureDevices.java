package dev.zoomorph.audio;

import java.io.IOException;
import java.util.List;

/** Where capture devices come from: the system's (Java Sound), or a test's that come and go. */
interface CaptureDevices {

  /** The capture devices present now. */
  List<AudioDevice> devices();

  /**
   * Opens {@code device} for capture, started, with a buffer of about {@code bufferFrames} frames.
   *
   * @throws IOException if it cannot be opened (gone, busy, no format it takes)
   */
  Line open(AudioDevice device, int bufferFrames) throws IOException;

  /** An open capture line of signed 16-bit little-endian PCM. */
  interface Line extends AutoCloseable {
    int sampleRate();

    int channels();

    /** Frames the line buffers. */
    int bufferFrames();

    /**
     * Reads {@code length} bytes into {@code buffer}, blocking until they are there; fewer means the device failed
     * or was closed.
     */
    int read(byte[] buffer, int length);

    @Override
    void close();
  }
}
