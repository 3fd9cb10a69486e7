package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.playlist.Player;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The playlist as one more input of the show's control bus: its player submits {@code /zoomorph/preset} messages
 * (with the entry's crossfade) as input {@code playlist}, so the bus checks and counts them like OSC's or HTTP's and a
 * refused one (a preset that does not load) is skipped by the player. Runs on the playlist's own thread; the
 * playlist file's watcher, when it has one, hands the player each edit of the file.
 */
final class PlaylistInput implements AutoCloseable {
  private final Player player;
  private final Disposable playing;
  private final @Nullable Scheduler thread;
  private final @Nullable PlaylistWatcher watcher;

  PlaylistInput(Player player, ControlBus bus, @Nullable Scheduler thread, @Nullable PlaylistWatcher watcher) {
    this.player = player;
    this.thread = thread;
    this.watcher = watcher;
    this.playing = player.play((preset, crossfade) -> bus.submit(ControlInputs.PLAYLIST,
            crossfade == null ? ControlMessage.of(ShowAddresses.PRESET, preset)
                : ControlMessage.of(ShowAddresses.PRESET, preset, crossfade)))
        .subscribe();
  }

  Player player() {
    return player;
  }

  /** Stops following the file, then the player and its thread; idempotent. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    playing.dispose();
    if (thread != null) {
      thread.dispose();
    }
  }
}
