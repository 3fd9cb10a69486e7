package dev.zoomorph.audio;

import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Live sound from a capture device, analysed as it arrives, that survives the device going away.
 *
 * <p>One thread of its own reads the device a hop (about 11 ms) at a time from a small buffer
 * ({@link #BUFFER_FRAMES} frames, about 43 ms at 48 kHz) and runs the {@link AudioAnalyzer} on it, so neither
 * capture nor analysis ever runs on the render loop. The analysis follows the playing preset's {@code audio}
 * section (a switch to other bands starts a new analysis).
 *
 * <p>When the device fails or disappears, the input logs it and goes on analysing silence in real time, so the
 * features decay to rest and the show runs on; every {@link #REOPEN_INTERVAL} it looks for the device again and
 * reopens it when it is back.
 *
 * <p>{@link #features()} is hot and never buffers: a subscriber sees the features made after it subscribed, on the
 * capture thread. It completes on {@link #close()}.
 */
public final class AudioInput implements AutoCloseable {
  /** The name that opens the system's default capture device. */
  public static final String DEFAULT = "default";
  /** What a list of the capture devices says when there are none, and why that may be. */
  public static final String NO_DEVICES = "No sound capture devices (on Linux: none that ALSA offers; a PulseAudio or"
      + " PipeWire server makes 'default' one).";
  /** How often a missing device is looked for. */
  public static final Duration REOPEN_INTERVAL = Duration.ofSeconds(1);
  /**
   * The device's buffer: four analysis hops at 44.1 and 48 kHz (about 43 ms at 48 kHz), read a hop at a time.
   */
  static final int BUFFER_FRAMES = 2048;

  private static final Logger LOG = LoggerFactory.getLogger(AudioInput.class);

  private final String query;
  private final CaptureDevices devices;
  private final Supplier<AudioSpec> spec;
  private final Sinks.Many<AudioFeatures> features = Sinks.many().multicast().directBestEffort();
  private final Thread thread;
  private volatile AudioFeatures latest;
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile String deviceName;
  private volatile int sampleRate;
  private volatile int bufferFrames;
  private volatile long delayNanos;
  /** Written by the capture thread; {@link #close} closes it to end a blocked read. */
  private volatile CaptureDevices.@Nullable Line line;
  // Capture thread only:
  private AudioAnalyzer analyzer;
  private long nextReopen;

  /** Every capture device the system offers. */
  public static List<AudioDevice> devices() {
    return JavaSoundDevices.SYSTEM.devices();
  }

  /**
   * Opens the capture device whose name contains {@code name} (case-insensitive; an exact name wins over partial
   * ones; {@value #DEFAULT} for the system's default) and analyses it as {@code spec} (asked for every block: the
   * playing preset's) says.
   *
   * @throws IllegalArgumentException if no device or several match, listing the devices there are
   * @throws IllegalStateException if the device cannot be opened
   */
  public static AudioInput open(String name, Supplier<AudioSpec> spec) {
    return new AudioInput(name, JavaSoundDevices.SYSTEM, spec);
  }

  /** With the devices injected (tests). */
  AudioInput(String query, CaptureDevices devices, Supplier<AudioSpec> spec) {
    this.query = query;
    this.devices = devices;
    this.spec = spec;
    AudioDevice device = resolve(query, devices.devices());
    CaptureDevices.Line opened;
    try {
      opened = devices.open(device, BUFFER_FRAMES);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("audio input '" + device.name() + "' cannot be opened: " + e.getMessage(), e);
    }
    this.analyzer = new AudioAnalyzer(spec.get(), opened.sampleRate());
    this.deviceName = device.name();
    connected(device, opened);
    this.latest = AudioFeatures.silence(analyzer.spec().bands().size());
    this.thread = new Thread(this::run, "zoomorph-audio");
    thread.setDaemon(true);
    thread.start();
  }

  /** The device's name (the last one, while it is away). */
  public String deviceName() {
    return deviceName;
  }

  /** Whether the device is there and open now. */
  public boolean connected() {
    return connected;
  }

  /** The device's sample rate. */
  public int sampleRate() {
    return sampleRate;
  }

  /** Frames the device buffers. */
  public int bufferFrames() {
    return bufferFrames;
  }

  /**
   * How long a sound takes to come out as features, at most: the device's buffer, then the analysis's delay
   * ({@link AudioAnalyzer#delayNanos()}). The sound system's own latency (ALSA, PulseAudio) comes on top.
   */
  public Duration latency() {
    return Duration.ofNanos(Math.round(bufferFrames * 1e9 / Math.max(1, sampleRate)) + delayNanos);
  }

  /** The features of every analysis frame from now on, on the capture thread. */
  public Flux<AudioFeatures> features() {
    return features.asFlux();
  }

  /** The newest features (silence before the first). */
  public AudioFeatures latest() {
    return latest;
  }

  /** Stops capturing, closes the device and completes {@link #features()}; waits for the capture thread. */
  @Override
  public void close() {
    closed = true;
    CaptureDevices.Line open = line;
    if (open != null) {
      open.close(); // ends a read under way
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    features.tryEmitComplete();
  }

  private void run() {
    try {
      while (!closed) {
        CaptureDevices.Line open = line;
        if (open == null) {
          restOneHop();
          continue;
        }
        int bytes = analyzer.hop() * open.channels() * 2;
        byte[] buffer = new byte[bytes];
        int read = open.read(buffer, bytes);
        if (closed) {
          break;
        }
        if (read < bytes) {
          LOG.warn("audio input '{}' stopped delivering; the show goes on and the input reopens when it returns",
              deviceName);
          disconnect();
          continue;
        }
        analyse(PcmBlock.ofPcm16(buffer, read, open.sampleRate(), open.channels(), false));
      }
    } catch (RuntimeException e) {
      LOG.error("audio input '{}' failed and stops", deviceName, e);
    } finally {
      disconnect();
    }
  }

  /** While the device is away: silence in real time, so the features decay to rest; then look for the device. */
  private void restOneHop() {
    analyse(new PcmBlock(analyzer.sampleRate(), 1, new float[analyzer.hop()]));
    try {
      Thread.sleep(Math.max(1, analyzer.hop() * 1000L / analyzer.sampleRate()));
    } catch (InterruptedException e) {
      return; // closing
    }
    if (System.nanoTime() - nextReopen >= 0) {
      nextReopen = System.nanoTime() + REOPEN_INTERVAL.toNanos();
      List<AudioDevice> present = devices.devices();
      List<AudioDevice> matches = matching(query, present);
      if (matches.size() == 1) {
        connect(matches.get(0));
        if (line != null) {
          LOG.info("audio input '{}' is back and reopened", deviceName);
        }
      }
    }
  }

  private void analyse(PcmBlock block) {
    AudioSpec wanted = spec.get();
    if (block.sampleRate() != analyzer.sampleRate() || !sameAnalysis(wanted, analyzer.spec())) {
      analyzer = new AudioAnalyzer(wanted, block.sampleRate());
      delayNanos = analyzer.delayNanos();
    }
    analyzer.accept(block, frame -> {
      latest = frame;
      features.tryEmitNext(frame);
    });
  }

  private void connected(AudioDevice device, CaptureDevices.Line opened) {
    line = opened;
    deviceName = device.name();
    sampleRate = opened.sampleRate();
    bufferFrames = opened.bufferFrames();
    delayNanos = analyzer.delayNanos();
    connected = true;
  }

  private void connect(AudioDevice device) {
    try {
      connected(device, devices.open(device, BUFFER_FRAMES));
    } catch (IOException | RuntimeException e) {
      LOG.debug("audio input '{}' cannot be opened yet: {}", device.name(), e.toString());
    }
  }

  private void disconnect() {
    CaptureDevices.Line open = line;
    line = null;
    connected = false;
    if (open != null) {
      try {
        open.close();
      } catch (RuntimeException e) {
        LOG.debug("closing audio input '{}' failed", deviceName, e);
      }
    }
    nextReopen = System.nanoTime() + REOPEN_INTERVAL.toNanos();
  }

  /** Whether two presets' audio sections analyse alike (bindings aside). */
  private static boolean sameAnalysis(AudioSpec a, AudioSpec b) {
    return a.bands().equals(b.bands()) && a.attackSeconds() == b.attackSeconds()
        && a.releaseSeconds() == b.releaseSeconds() && a.gainSeconds() == b.gainSeconds();
  }

  /** The one device matching {@code query}, or an error listing the devices. */
  static AudioDevice resolve(String query, List<AudioDevice> present) {
    List<AudioDevice> matches = matching(query, present);
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("no audio capture device matches '" + query + "'; devices: "
          + (present.isEmpty() ? "none (on Linux: ALSA offers none; a PulseAudio or PipeWire server makes 'default' "
          + "one; a sound file plays in a recording: zoomorph record --audio FILE)" : names(present)));
    }
    throw new IllegalArgumentException(
        "'" + query + "' matches several audio capture devices: " + names(matches) + "; give more of the name");
  }

  /** Devices named exactly {@code query} (ignoring case, or "default [default]" for default), else containing it. */
  private static List<AudioDevice> matching(String query, List<AudioDevice> present) {
    String wanted = query.toLowerCase(Locale.ROOT);
    List<AudioDevice> exact = present.stream().filter(d -> {
      String name = d.name().toLowerCase(Locale.ROOT);
      return name.equals(wanted) || name.equals(wanted + " [" + wanted + "]"); // ALSA's "default [default]"
    }).toList();
    return exact.isEmpty()
        ? present.stream().filter(d -> d.name().toLowerCase(Locale.ROOT).contains(wanted)).toList()
        : exact.subList(0, 1);
  }

  private static String names(List<AudioDevice> devices) {
    return devices.stream().map(d -> "'" + d.name() + "'").collect(Collectors.joining(", "));
  }
}
