package dev.zoomorph.playlist.demo;

import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.playlist.Player;
import dev.zoomorph.playlist.Playlist;
import dev.zoomorph.playlist.Playlists;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The playlist module on its own: plays a playlist file (default {@code playlist/example.json}) on this machine's
 * clock and time zone for a while, loading each preset as the show would (so a broken one is skipped) and printing
 * every switch. No window, no server: {@code serve --playlist FILE} does the same through a live show's control
 * bus.
 *
 * <pre>
 * playlist/demo playlist/example.json 70
 * </pre>
 */
public final class PlaylistDemo {
  private PlaylistDemo() {}

  public static void main(String[] args) throws InterruptedException {
    Path file = Path.of(args.length > 0 ? args[0] : "playlist/example.json");
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 70;
    Playlist playlist = Playlists.load(file);
    Scheduler thread = Schedulers.newSingle("playlist-demo");
    Player player = new Player(playlist, Clock.systemDefaultZone(), thread, System.nanoTime());
    System.out.printf("%s: %d list(s), %d window(s); playing for %d s in %s%n", file, playlist.lists().size(),
        playlist.schedule().size(), seconds, Clock.systemDefaultZone().getZone());
    player.play((preset, crossfade) -> Presets.load(preset)) // what the show's loader would refuse, refused here
        .doOnNext(step -> System.out.printf("%s %-8s %-7s entry %d: %s%s%n",
            LocalTime.now().truncatedTo(ChronoUnit.SECONDS), step.outcome(), step.list(), step.entry(),
            step.preset(), step.error() == null ? "" : " (" + step.error() + ")"))
        .take(Duration.ofSeconds(seconds), thread)
        .blockLast();
    System.out.println("position at the end: " + player.position());
    thread.dispose();
  }
}
