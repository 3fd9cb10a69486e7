package dev.zoomorph.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;

/**
 * The capture adapter on a PCM stream: a device that plays a click track in real time, is unplugged and comes back.
 * (The same path on a real sound server: {@code AudioCaptureEndToEndTest} in the server module, on PulseAudio.)
 */
@Timeout(60)
class AudioInputTest {

  /** One capture device, "Test Mic", streaming clicks every half second in real time while plugged in. */
  private static final class Devices implements CaptureDevices {
    volatile boolean plugged = true;
    volatile int opened;
    final byte[] pcm = Signals.pcm16(Signals.clicks(Signals.beatTimes(120, 0.1, 2), 2, 0.5, 7));

    @Override
    public List<AudioDevice> devices() {
      return plugged ? List.of(new AudioDevice("Test Mic", "a click track")) : List.of();
    }

    @Override
    public Line open(AudioDevice device, int bufferFrames) throws IOException {
      if (!plugged) {
        throw new IOException("unplugged");
      }
      opened++;
      return new Line() {
        private int position;
        private long started = System.nanoTime();
        private long delivered;
        private volatile boolean closed;

        @Override
        public int sampleRate() {
          return Signals.RATE;
        }

        @Override
        public int channels() {
          return 1;
        }

        @Override
        public int bufferFrames() {
          return bufferFrames;
        }

        @Override
        public int read(byte[] buffer, int length) {
          if (closed || !plugged) {
            return 0;
          }
          long due = started + Math.round((delivered + length / 2) * 1e9 / Signals.RATE);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            try {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
              return 0;
            }
          }
          for (int i = 0; i < length; i++) {
            buffer[i] = pcm[position];
            position = (position + 1) % pcm.length;
          }
          delivered += length / 2;
          return length;
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }
  }

  @Test
  void aDeviceThatLeavesDecaysToRestAndIsReopenedWhenItReturns() {
    Devices devices = new Devices();
    List<AudioFeatures> heard = new CopyOnWriteArrayList<>();
    try (AudioInput input = new AudioInput("test", devices, () -> AudioSpec.NONE)) {
      Disposable listening = input.features().subscribe(heard::add);
      assertThat(input.deviceName()).isEqualTo("Test Mic");
      assertThat(input.sampleRate()).isEqualTo(Signals.RATE);
      assertThat(input.latency()).isBetween(Duration.ofMillis(30), Duration.ofMillis(100));
      await(() -> input.latest().onsets() >= 3, "three clicks heard");
      assertThat(input.latest().level()).isGreaterThan(0);

      devices.plugged = false;
      await(() -> !input.connected(), "the unplugged device noticed");
      long onsets = input.latest().onsets();
      await(() -> input.latest().level() < 0.01 && max(input.latest().bands()) < 0.01, "the features at rest");
      int restFrames = heard.size();
      await(() -> heard.size() > restFrames + 20, "features still flowing while the device is away");
      assertThat(input.latest().onsets()).isEqualTo(onsets);

      devices.plugged = true;
      await(input::connected, "the device reopened");
      assertThat(devices.opened).isEqualTo(2);
      await(() -> input.latest().onsets() >= onsets + 2, "clicks heard again");
      listening.dispose();
    }
  }

  @Test
  void anUnknownDeviceIsRefusedListingTheDevices() {
    assertThatThrownBy(() -> new AudioInput("usb", new Devices(), () -> AudioSpec.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no audio capture device matches 'usb'; devices: 'Test Mic'");
    Devices none = new Devices();
    none.plugged = false;
    assertThatThrownBy(() -> new AudioInput("default", none, () -> AudioSpec.NONE))
        .hasMessage("no audio capture device matches 'default'; devices: none (on Linux: ALSA offers none; a "
            + "PulseAudio or PipeWire server makes 'default' one; a sound file plays in a recording: zoomorph record "
            + "--audio FILE)");
  }

  private static double max(double[] values) {
    double max = 0;
    for (double value : values) {
      max = Math.max(max, value);
    }
    return max;
  }

  /** Waits for {@code condition}, failing after 20 s (generous: the machine may be busy). */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
