package dev.zoomorph.server;

import dev.zoomorph.playlist.Player;
import dev.zoomorph.playlist.PlaylistException;
import dev.zoomorph.playlist.Playlists;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a playlist file while its show plays: when the file changes (written in place, or written beside it and
 * renamed over it, as editors save), it is read again once it has been left alone for {@link #QUIET}, and the player
 * plays it from then on ({@link Player#reload}). A file that does not load is refused with one WARN naming the
 * problem, as {@code serve} would name it, and the player plays on what it had; so it does when the file is deleted.
 * The same bytes again (a save without a change) do nothing.
 *
 * <p>It watches the file's folder ({@link WatchService}: inotify on Linux) from a daemon thread of its own, which loads
 * the file too: never the render loop's thread or a Netty event loop. {@link #close} ends the thread.
 */
final class PlaylistWatcher implements AutoCloseable {
  /** How long the file must be left alone before it is read: an editor's save is several steps. */
  static final Duration QUIET = Duration.ofMillis(500);
  /** The thread's name. */
  static final String THREAD = "zoomorph-playlist-watch";
  private static final Duration JOIN = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(PlaylistWatcher.class);

  private final Path file;
  private final Path name;
  private final Player player;
  private final WatchService watcher;
  private final Thread thread;
  private volatile boolean closed;
  // The watch thread only.
  /** What the file held when last read (loaded or refused); null when unknown. */
  private byte @Nullable [] seen;
  private boolean gone;

  private PlaylistWatcher(Path file, byte @Nullable [] loaded, Player player, WatchService watcher) {
    this.file = file;
    this.name = file.getFileName();
    this.player = player;
    this.watcher = watcher;
    this.seen = loaded;
    this.thread = new Thread(this::run, THREAD);
    thread.setDaemon(true);
  }

  /**
   * Follows {@code file} for {@code player}, which plays what the file held as {@code loaded} (read before it was
   * loaded, so that an edit made since is seen and played). When the folder cannot be watched, says so in a WARN and
   * returns null: the show plays on without following edits.
   */
  static @Nullable PlaylistWatcher start(Path file, byte @Nullable [] loaded, Player player) {
    Path folder = file.toAbsolutePath().getParent();
    WatchService watcher = null;
    try {
      watcher = folder.getFileSystem().newWatchService();
      folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("playlist {}: its folder cannot be watched ({}); edits take effect when the show restarts", file,
          e.toString());
      if (watcher != null) {
        closeQuietly(watcher);
      }
      return null;
    }
    PlaylistWatcher started = new PlaylistWatcher(file, loaded, player, watcher);
    started.thread.start();
    return started;
  }

  /** What {@code file} holds now, or null when it cannot be read (loading it says why). */
  static byte @Nullable [] contents(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }

  private void run() {
    try {
      check(); // an edit made while the show started
      long due = 0;
      boolean pending = false;
      while (true) {
        WatchKey key = pending ? watcher.poll(due - System.nanoTime(), TimeUnit.NANOSECONDS) : watcher.take();
        if (key != null) {
          if (concernsFile(key)) {
            due = System.nanoTime() + QUIET.toNanos(); // other files' events (an editor's temp file) do not delay it
            pending = true;
          }
          if (!key.reset()) {
            if (closed) {
              return;
            }
            LOG.warn("playlist {}: its folder is gone; edits are no longer followed, the playlist loaded plays on",
                file);
            return;
          }
        }
        if (pending && System.nanoTime() - due >= 0) {
          pending = false;
          check();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed with the show
    }
  }

  /** Whether {@code key}'s events may have changed the file (an overflow may have lost one that did). */
  private boolean concernsFile(WatchKey key) {
    boolean concerns = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      concerns |= event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context());
    }
    return concerns;
  }

  /** Reads the file; loads it and hands it to the player when it holds something new. */
  private void check() {
    byte[] now;
    try {
      now = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      if (!gone) {
        gone = true;
        LOG.warn("playlist {} is gone (deleted or moved away); the playlist loaded before plays on", file);
      }
      return;
    } catch (IOException e) {
      now = null; // loading it says why
    }
    gone = false;
    if (now != null && Arrays.equals(now, seen)) {
      return;
    }
    seen = now;
    try {
      player.reload(Playlists.load(file), file.toString());
    } catch (PlaylistException e) {
      LOG.warn("{}; the playlist loaded before plays on", e.getMessage());
    }
  }

  /** Stops following the file and waits for the thread to end. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(watcher); // wakes the thread, whose next wait ends it
    try {
      thread.join(JOIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(WatchService watcher) {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("closing the playlist's watch service", e);
    }
  }
}
