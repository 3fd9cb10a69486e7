package dev.zoomorph.audio;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's log, set once for the process (FFmpeg has one log for all its callers: the audio tracks, the MP4 writer,
 * the JPEG encoder). Errors only: its per-stream notices (encoder settings, stream probing) would interleave with
 * progress bars. They go to SLF4J's logger {@code ffmpeg}, not straight to standard error, so a service's journal
 * has them with their level like every other line; and a caller can {@link #collect} the lines its own calls cause,
 * to say in its error why a file did not open rather than leave them printed above it.
 */
public final class FfmpegLog {
  private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  /** The collection running on a thread; FFmpeg logs on the thread that called it. */
  private static final ThreadLocal<Lines> COLLECTING = new ThreadLocal<>();
  /** "[mp3 @ 0x7ff27c956540] ": which of FFmpeg's objects spoke, a different address each time a file is opened. */
  private static final Pattern SPEAKER = Pattern.compile("^\\[[^]]* @ 0x[0-9a-fA-F]+] ");
  /**
   * Held here for the life of the process: FFmpeg calls the native function behind it whenever it logs at or above
   * {@code av_log_set_level}'s level (JavaCPP's bridge drops the rest before they reach Java).
   */
  private static final LogCallback CALLBACK = new LogCallback() {
    @Override
    public void call(int level, BytePointer message) {
      String line = message.getString().strip();
      if (line.isEmpty()) {
        return;
      }
      Lines lines = COLLECTING.get();
      if (lines != null) {
        lines.said.add(SPEAKER.matcher(line).replaceFirst(""));
      } else {
        LOG.error(line);
      }
    }
  };

  private FfmpegLog() {}

  /** Sets FFmpeg's log as this class says, the first time; every class that calls FFmpeg calls this first. */
  public static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      avutil.setLogCallback(CALLBACK);
    }
  }

  /**
   * Keeps, until {@link Lines#close}, the lines FFmpeg logs on this thread (lines from FFmpeg's own threads are
   * logged as usual). Those not taken into an error by {@link Lines#asClause} are logged when it closes: a damaged
   * but playable file's reports are not lost.
   */
  public static Lines collect() {
    install();
    Lines lines = new Lines(COLLECTING.get());
    COLLECTING.set(lines);
    return lines;
  }

  /** The lines FFmpeg logged on a thread while they were collected, each once, without its object's address. */
  public static final class Lines implements AutoCloseable {
    private final @Nullable Lines outer;
    private final Set<String> said = new LinkedHashSet<>();
    private boolean taken;

    private Lines(@Nullable Lines outer) {
      this.outer = outer;
    }

    public List<String> lines() {
      return List.copyOf(said);
    }

    /** The lines as a clause to end an error with, {@code " (FFmpeg: a; b)"}, or "" when there are none. */
    public String asClause() {
      taken = true;
      return said.isEmpty() ? "" : " (FFmpeg: " + String.join("; ", said) + ")";
    }

    /**
     * Stops collecting on this thread (a collection around this one goes on), and logs the lines unless {@link
     * #asClause} took them.
     */
    @Override
    public void close() {
      if (!taken) {
        said.forEach(LOG::error);
      }
      if (outer == null) {
        COLLECTING.remove();
      } else {
        COLLECTING.set(outer);
      }
    }
  }
}
