package dev.zoomorph.server;

import dev.zoomorph.playlist.Player;
import dev.zoomorph.playlist.PlaylistException;
import dev.zoomorph.playlist.Playlists;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a playlist file while its show plays: it reads the file every {@link #POLL}, and when it holds something
 * new that it also held at the read before (an editor's save is several steps: it is not loaded half-written), the
 * player plays it from then on ({@link Player#reload}). A file that does not load is refused with one WARN naming the
 * problem, as {@code serve} would name it, and the player plays on what it had; so it does when the file is deleted,
 * cannot be read, or is no playlist file (a folder, a FIFO, a device, over {@link Playlists#MAX_BYTES}; one WARN
 * each), and when the file is back, one INFO line says it is followed again. Meanwhile the player's {@link
 * Player#fileProblem} says the problem too (for {@code /api/state}). The same bytes again (a save without a change)
 * do nothing.
 *
 * <p>It reads the path, not a watched folder: a playlist is a few KB, so two reads a second cost nothing, and unlike
 * inotify they follow a symlinked file, a folder renamed or replaced (or a folder symlink switched) and network file
 * systems, whose edits from other machines inotify never hears of. It reads from a daemon thread of its own, which
 * loads the file too: never the render loop's thread or a Netty event loop. {@link #close} ends the thread.
 */
final class PlaylistWatcher implements AutoCloseable {
  /** How often the file is read; an edit is loaded once two reads in a row find it. */
  static final Duration POLL = Duration.ofMillis(500);
  /** The thread's name. */
  static final String THREAD = "zoomorph-playlist-watch";
  private static final Duration JOIN = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(PlaylistWatcher.class);
  /** {@link #problem} while the file is not there. */
  private static final String GONE = "gone";

  private final Path file;
  private final Player player;
  private final ScheduledExecutorService poller;
  /** The poller's thread, once it has started; close waits for it. */
  private volatile @Nullable Thread thread;
  // The poller's thread only.
  /** What the file held when last loaded or refused; null when unknown. */
  private byte @Nullable [] seen;
  /** What the previous read found; null when it found nothing. */
  private byte @Nullable [] previous;
  /** Why the file could not be read, as last said in the log; null while it can be. */
  private @Nullable String problem;
  /** Why {@link #seen} did not load, when it did not; null when it loaded. */
  private @Nullable String refused;

  private PlaylistWatcher(Path file, byte @Nullable [] loaded, Player player) {
    this.file = file;
    this.player = player;
    this.seen = loaded;
    this.previous = loaded;
    this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread made = new Thread(task, THREAD);
      made.setDaemon(true);
      thread = made;
      return made;
    });
  }

  /**
   * Follows {@code file} for {@code player}, which plays what the file held as {@code loaded} (read before it was
   * loaded, so that an edit made since is seen and played).
   */
  static PlaylistWatcher start(Path file, byte @Nullable [] loaded, Player player) {
    PlaylistWatcher started = new PlaylistWatcher(file, loaded, player);
    long period = POLL.toMillis();
    started.poller.scheduleWithFixedDelay(started::poll, period, period, TimeUnit.MILLISECONDS);
    return started;
  }

  /** One read of the file; loads it and hands it to the player when it holds something new, and held it before. */
  private void poll() {
    byte[] now;
    try {
      now = Playlists.contents(file);
    } catch (PlaylistException e) {
      previous = null;
      String why = Files.exists(file) ? e.getMessage() : GONE;
      if (!why.equals(problem)) { // once for each problem, not every read
        problem = why;
        String said = why.equals(GONE) ? "playlist " + file + " is gone (deleted or moved away)" : why;
        player.fileProblem(said);
        LOG.warn("{}; the playlist loaded before plays on", said);
      }
      return;
    }
    if (problem != null) {
      player.fileProblem(refused); // what it holds now is loaded (or refused) below once two reads find it
      LOG.info("playlist {} {}; its edits are followed again", file, problem.equals(GONE) ? "is back" : "can be read");
      problem = null;
    }
    boolean stable = Arrays.equals(now, previous);
    previous = now;
    if (!stable || Arrays.equals(now, seen)) {
      return;
    }
    seen = now; // loaded or refused once, whatever happens
    try {
      player.reload(Playlists.load(file, now), file.toString());
      refused = null;
      player.fileProblem(null);
    } catch (PlaylistException e) {
      refused = e.getMessage();
      player.fileProblem(refused);
      LOG.warn("{}; the playlist loaded before plays on", refused);
    } catch (RuntimeException e) { // a thrown task would end the polling for good
      refused = "playlist " + file + ": reloading it failed: " + e;
      player.fileProblem(refused);
      LOG.warn("playlist {}: reloading it failed; the playlist loaded before plays on", file, e);
    }
  }

  /** Stops following the file and waits for the thread to end (a read under way ends first). */
  @Override
  public void close() {
    poller.shutdown(); // not shutdownNow: an interrupted read would be said as a problem
    Thread ending = thread;
    try {
      if (poller.awaitTermination(JOIN.toMillis(), TimeUnit.MILLISECONDS) && ending != null) {
        ending.join(JOIN.toMillis()); // the pool has ended its task; its thread ends just after
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
