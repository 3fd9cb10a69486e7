package dev.zoomorph.audio;

import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.control.osc.OscBundle;
import dev.zoomorph.engine.control.osc.OscCodec;
import dev.zoomorph.engine.control.osc.OscMessage;
import dev.zoomorph.engine.control.osc.OscPacket;
import dev.zoomorph.engine.control.osc.OscTimeTag;
import dev.zoomorph.engine.show.AudioFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Sends the audio input's features to another program over OSC ({@code serve --audio-osc-out HOST:PORT}): one
 * bundle per analysis frame (about 90 a second) with the addresses and values {@code /zoomorph/audio/...} read in the
 * show's control table: {@code level}, {@code bands} (one float per band), {@code onsets} (a count: a change is an
 * onset), {@code bpm} and {@code beat}. UDP, fire and forget: a send that fails is counted, never retried, so a
 * missing receiver costs nothing.
 */
public final class AudioOscOut implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AudioOscOut.class);

  private final InetSocketAddress target;
  private final DatagramChannel channel;
  private final Disposable subscription;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * Sends each of {@code features} to {@code target} until closed.
   *
   * @throws UncheckedIOException if no UDP socket can be opened
   */
  public AudioOscOut(InetSocketAddress target, Flux<AudioFeatures> features) {
    this.target = target;
    try {
      this.channel = DatagramChannel.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a UDP socket for OSC out to " + target, e);
    }
    this.subscription = features.subscribe(this::send);
  }

  /** The bundle that carries {@code features}. */
  static OscPacket bundle(AudioFeatures features) {
    List<Object> bands = new ArrayList<>(features.bandCount());
    for (int b = 0; b < features.bandCount(); b++) {
      bands.add((float) features.band(b));
    }
    return OscBundle.of(OscTimeTag.IMMEDIATE,
        OscMessage.of(ShowAddresses.AUDIO_LEVEL, (float) features.level()),
        OscMessage.of(ShowAddresses.AUDIO_BANDS, bands),
        OscMessage.of(ShowAddresses.AUDIO_ONSETS, (int) Math.min(Integer.MAX_VALUE, features.onsets())),
        OscMessage.of(ShowAddresses.AUDIO_BPM, (float) features.bpm()),
        OscMessage.of(ShowAddresses.AUDIO_BEAT, (float) features.beat()));
  }

  /** Bundles sent, and sends that failed. */
  public long sent() {
    return sent.get();
  }

  public long failed() {
    return failed.get();
  }

  private void send(AudioFeatures features) {
    try {
      channel.send(ByteBuffer.wrap(OscCodec.encode(bundle(features))), target);
      sent.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      if (failed.getAndIncrement() == 0) {
        LOG.warn("OSC out to {} failed (further failures are counted, not logged): {}", target, e.toString());
      }
    }
  }

  @Override
  public void close() {
    subscription.dispose();
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing the OSC out socket failed", e);
    }
  }
}
