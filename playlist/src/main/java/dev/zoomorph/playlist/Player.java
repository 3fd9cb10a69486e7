package dev.zoomorph.playlist;

import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.engine.show.PresetLoader;
import dev.zoomorph.engine.show.ShowPlaylist;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * Plays a {@link Playlist}: switches the show to each entry's preset in turn, for its seconds, through a
 * {@link Switcher} (the show's control bus, so OSC and HTTP can still take over), and follows the schedule's windows
 * on a wall clock. An entry whose preset or model does not load is skipped at once (logged, counted), so the show
 * goes on with what it plays; when every entry of a list fails, the built-in {@link #FALLBACK} preset plays, the
 * position says why, and the list is tried again after {@link #RETRY}.
 *
 * <p>Its time is a Reactor {@link Scheduler}'s (entries last their seconds on it; a virtual-time scheduler in tests)
 * and the windows a {@link Clock}'s (the machine's local time zone live). Everything it does runs on one worker of
 * that scheduler, one step at a time; {@link ShowPlaylist}'s calls only queue work there, so they never block.
 */
public final class Player implements ShowPlaylist {
  /** What plays when no entry of a list loads: a random CPPN bundled in the program. */
  public static final String FALLBACK = Presets.DEFAULT;
  /** How long the fallback plays before the list is tried again. */
  static final Duration RETRY = Duration.ofSeconds(60);
  /** The longest the player sleeps without looking at the wall clock (which may be set while it sleeps). */
  static final Duration RECHECK = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(Player.class);
  private static final long NEVER = Long.MAX_VALUE;

  /** Switches the show to a preset. */
  @FunctionalInterface
  public interface Switcher {
    /**
     * Switches to {@code preset}, crossfading over {@code crossfadeSeconds} (null: the preset's own).
     *
     * @throws RuntimeException whose message says why the preset cannot play; the show goes on as it was
     */
    void switchTo(String preset, @Nullable Double crossfadeSeconds);
  }

  /** What the player did at one moment. */
  public enum Outcome {
    /** The entry plays. */
    PLAYING,
    /** The entry's preset did not load and was skipped. */
    SKIPPED,
    /** No entry of the list loaded: the built-in preset plays. */
    FALLBACK,
    /** Between windows: the playlist's outside preset plays. */
    OUTSIDE
  }

  /**
   * One switch (or attempt), as {@link #play} reports it.
   *
   * @param list the list it belongs to ({@link Playlist#OUTSIDE} between windows)
   * @param entry the position in the list's play order
   * @param preset the preset asked for
   * @param error why it was skipped, or null
   */
  public record Step(String list, int entry, String preset, Outcome outcome, @Nullable String error) {}

  /** What {@link #position} reads; replaced whole on the worker. */
  private record Snapshot(String list, int entry, int entries, String preset, long switchAt, boolean paused,
      long pausedLeft, @Nullable String fallback) {}

  private final Playlist playlist;
  private final Clock wallClock;
  private final Scheduler scheduler;
  private final Schedule schedule;
  private final Random random;
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Snapshot snapshot;
  private volatile Scheduler.@Nullable Worker worker;

  // Worker only, after opening().
  private @Nullable Switcher switcher;
  private @Nullable FluxSink<Step> steps;
  private String listName;
  private Playlist.@Nullable Window window;
  private Instant windowUntil = Instant.MAX;
  private List<Integer> order = List.of();
  private int position;
  private long entryEndsAt = NEVER;
  private boolean paused;
  private long pausedLeft;
  private @Nullable String fallback;
  private boolean applied;
  private @Nullable Disposable timer;

  /**
   * A player of {@code playlist} on {@code scheduler}'s time, its windows in {@code wallClock}'s zone; {@code seed}
   * orders shuffled lists (the same seed, the same order).
   */
  public Player(Playlist playlist, Clock wallClock, Scheduler scheduler, long seed) {
    this.playlist = playlist;
    this.wallClock = wallClock;
    this.scheduler = scheduler;
    this.schedule = new Schedule(playlist.schedule(), wallClock.getZone());
    this.random = new Random(seed);
    this.listName = Playlist.MAIN;
    this.snapshot = new Snapshot(Playlist.MAIN, 0, 0, "", NEVER, false, 0, null);
  }

  /**
   * Chooses what plays first and loads it with {@code loader} (skipping entries that do not load, as playing does),
   * for a show to start with; {@link #play} then goes on from it without switching again.
   *
   * @throws RuntimeException from {@code loader} when not even the built-in preset loads
   */
  public synchronized Preset opening(PresetLoader loader) {
    enterWindow();
    List<String> errors = new ArrayList<>();
    if (listName.equals(Playlist.OUTSIDE)) {
      try {
        Preset preset = loader.load(playlist.outside());
        markApplied(null);
        return preset;
      } catch (RuntimeException e) {
        skip(e);
        errors.add(e.getMessage());
      }
    } else {
      for (int tries = 0; tries < order.size(); tries++) {
        try {
          Preset preset = loader.load(current().preset());
          markApplied(null);
          return preset;
        } catch (RuntimeException e) {
          skip(e);
          errors.add(e.getMessage());
          position = (position + 1) % order.size();
        }
      }
    }
    Preset preset = loader.load(FALLBACK);
    markApplied(fallbackReason(errors.get(errors.size() - 1)));
    return preset;
  }

  /**
   * Plays from now on: switches through {@code switcher} on the scheduler's worker, reporting each step. The first
   * entry plays at once (unless {@link #opening} chose it already). Cancelling stops the player. Plays once.
   *
   * @throws IllegalStateException (signalled) when played a second time
   */
  public Flux<Step> play(Switcher using) {
    return Flux.create(sink -> {
      if (!started.compareAndSet(false, true)) {
        sink.error(new IllegalStateException("a player plays once"));
        return;
      }
      Scheduler.Worker w = scheduler.createWorker();
      sink.onDispose(w);
      w.schedule(() -> {
        synchronized (this) {
          switcher = using;
          steps = sink;
          worker = w;
          if (applied) {
            applied = false;
            reportOpening();
            arm();
          } else {
            enterWindow();
            playCurrent();
          }
        }
      });
    });
  }

  @Override
  public Position position() {
    Snapshot s = snapshot;
    double left;
    if (s.paused()) {
      left = s.pausedLeft() / 1e9;
    } else if (s.switchAt() == NEVER) {
      left = -1;
    } else {
      left = Math.max(0, s.switchAt() - now()) / 1e9;
    }
    return new Position(s.list(), s.entry(), s.entries(), s.preset(), left, s.paused(), skipped.get(), s.fallback());
  }

  @Override
  public void next() {
    onWorker(() -> step(1));
  }

  @Override
  public void previous() {
    onWorker(() -> step(-1));
  }

  @Override
  public void jumpTo(int index) {
    onWorker(() -> {
      if (!listName.equals(Playlist.OUTSIDE)) {
        position = Math.max(0, Math.min(order.size() - 1, index));
        paused = false;
        playCurrent();
      }
    });
  }

  @Override
  public void pause(boolean hold) {
    onWorker(() -> {
      if (hold == paused) {
        return;
      }
      paused = hold;
      if (hold) {
        pausedLeft = entryEndsAt == NEVER ? NEVER : Math.max(0, entryEndsAt - now());
      } else {
        entryEndsAt = pausedLeft == NEVER ? NEVER : now() + pausedLeft;
      }
      publish();
      arm();
    });
  }

  private void onWorker(Runnable task) {
    Scheduler.Worker w = worker;
    if (w != null && !w.isDisposed()) {
      try {
        w.schedule(() -> {
          synchronized (this) {
            task.run();
          }
        });
      } catch (RejectedExecutionException e) {
        // stopped meanwhile: nothing left to steer
      }
    }
  }

  /** The timer fired: the window changed, or the entry is over, or it is only time to look at the clock again. */
  private void onTimer() {
    if (!schedule.isEmpty()) {
      // Asked afresh each time, so a wall clock set forward or back (NTP, a dead RTC battery) is followed too.
      Instant now = wallClock.instant();
      Schedule.Open open = schedule.at(now);
      if (!Objects.equals(open.window(), window) || !now.isBefore(windowUntil)) {
        enterWindow();
        playCurrent();
        return;
      }
      windowUntil = open.until();
    }
    if (!paused && entryEndsAt != NEVER && now() >= entryEndsAt) {
      if (fallback != null) {
        playCurrent(); // the list again, from where it failed
      } else {
        step(1);
      }
    } else {
      arm();
    }
  }

  /** Moves {@code direction} entries on (a new pass, reshuffled, after the last when the list loops) and plays. */
  private void step(int direction) {
    if (listName.equals(Playlist.OUTSIDE)) {
      arm();
      return;
    }
    paused = false;
    Playlist.Sequence list = sequence();
    int next = position + direction;
    if (next >= order.size()) {
      if (!list.loop()) {
        entryEndsAt = NEVER; // the last entry stays
        publish();
        arm();
        return;
      }
      order = playOrder(list, order.get(order.size() - 1));
      next = 0;
    } else if (next < 0) {
      next = list.loop() ? order.size() - 1 : 0;
    }
    position = next;
    playCurrent();
  }

  /** Switches to the current entry, skipping those that fail; after a whole list of failures, the fallback. */
  private void playCurrent() {
    if (listName.equals(Playlist.OUTSIDE)) {
      // A broken outside preset of the user's leaves a black screen, not the last entry of the day.
      if (trySwitch(playlist.outside(), null, Outcome.OUTSIDE, -1)
          || (!playlist.outside().equals(Playlist.BLACK) && trySwitch(Playlist.BLACK, null, Outcome.OUTSIDE, -1))) {
        fallback = null;
      }
      entryEndsAt = NEVER;
      publish();
      arm();
      return;
    }
    String lastError = null;
    for (int tries = 0; tries < order.size(); tries++) {
      Playlist.Entry entry = current();
      lastError = attempt(entry.preset(), entry.crossfadeSeconds());
      if (lastError == null) {
        fallback = null;
        entryEndsAt = now() + nanos(entry.seconds());
        publish();
        report(new Step(listName, position, entry.preset(), Outcome.PLAYING, null));
        arm();
        return;
      }
      report(new Step(listName, position, entry.preset(), Outcome.SKIPPED, lastError));
      position = (position + 1) % order.size();
    }
    String reason = fallbackReason(lastError);
    if (fallback == null) {
      LOG.error("playlist: {}", reason);
      trySwitch(FALLBACK, null, Outcome.FALLBACK, position);
    }
    fallback = reason;
    entryEndsAt = now() + RETRY.toNanos();
    publish();
    arm();
  }

  private boolean trySwitch(String preset, @Nullable Double crossfade, Outcome outcome, int entry) {
    String error = attempt(preset, crossfade);
    report(new Step(listName, entry, preset, error == null ? outcome : Outcome.SKIPPED, error));
    return error == null;
  }

  /** Switches the show to {@code preset}: null when it plays, else why not (logged and counted). */
  private @Nullable String attempt(String preset, @Nullable Double crossfade) {
    try {
      switcher().switchTo(preset, crossfade);
      return null;
    } catch (RuntimeException e) {
      skip(e);
      return String.valueOf(e.getMessage());
    }
  }

  private String fallbackReason(@Nullable String lastError) {
    return "no entry of list '" + listName + "' loaded (the last: " + lastError + "); playing the built-in '"
        + FALLBACK + "' and trying again every " + RETRY.toSeconds() + " s";
  }

  private void skip(RuntimeException e) {
    skipped.incrementAndGet();
    LOG.error("playlist: skipped an entry of list '{}': {}", listName, e.getMessage());
  }

  /** Looks at the wall clock: the list of the window open now (from its first entry), or outside. */
  private void enterWindow() {
    paused = false;
    if (schedule.isEmpty()) {
      window = null;
      windowUntil = Instant.MAX;
      startList(Playlist.MAIN);
      return;
    }
    Schedule.Open open = schedule.at(wallClock.instant());
    window = open.window();
    windowUntil = open.until();
    if (window == null) {
      listName = Playlist.OUTSIDE;
      order = List.of();
      position = 0;
    } else {
      startList(window.list());
    }
  }

  private void startList(String name) {
    listName = name;
    order = playOrder(sequence(), -1);
    position = 0;
  }

  /** The entries' indices in the order of one pass: as written, or shuffled without repeating {@code last} first. */
  private List<Integer> playOrder(Playlist.Sequence list, int last) {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < list.entries().size(); i++) {
      indices.add(i);
    }
    if (list.shuffle()) {
      Collections.shuffle(indices, random);
      if (indices.size() > 1 && indices.get(0) == last) {
        Collections.swap(indices, 0, 1 + random.nextInt(indices.size() - 1));
      }
    }
    return List.copyOf(indices);
  }

  /** Waits for the next thing due: the entry's end, the window's end, or a look at the wall clock. */
  private void arm() {
    Scheduler.Worker w = worker;
    if (timer != null) {
      timer.dispose();
    }
    if (w == null || w.isDisposed()) {
      return; // stopped
    }
    long delay = RECHECK.toNanos();
    if (!paused && entryEndsAt != NEVER) {
      delay = Math.min(delay, Math.max(0, entryEndsAt - now()));
    }
    if (!schedule.isEmpty()) {
      delay = Math.min(delay, Math.max(0, Duration.between(wallClock.instant(), windowUntil).toNanos()));
    }
    timer = w.schedule(() -> {
      synchronized (this) {
        onTimer();
      }
    }, delay, TimeUnit.NANOSECONDS);
  }

  private void markApplied(@Nullable String reason) {
    applied = true;
    fallback = reason;
    entryEndsAt = listName.equals(Playlist.OUTSIDE) ? NEVER
        : now() + (reason != null ? RETRY.toNanos() : nanos(current().seconds()));
    publish();
  }

  private void reportOpening() {
    if (listName.equals(Playlist.OUTSIDE)) {
      report(new Step(listName, -1, playlist.outside(), Outcome.OUTSIDE, null));
    } else if (fallback != null) {
      report(new Step(listName, position, FALLBACK, Outcome.FALLBACK, null));
    } else {
      report(new Step(listName, position, current().preset(), Outcome.PLAYING, null));
    }
  }

  private void report(Step step) {
    FluxSink<Step> sink = steps;
    if (sink != null) {
      sink.next(step);
    }
  }

  /** Publishes the position for readers on other threads. */
  private void publish() {
    long switchAt = entryEndsAt;
    if (!schedule.isEmpty()) {
      long untilWindow = now() + Math.max(0, Duration.between(wallClock.instant(), windowUntil).toNanos());
      switchAt = Math.min(switchAt, untilWindow);
    }
    boolean outside = listName.equals(Playlist.OUTSIDE);
    snapshot = new Snapshot(listName, outside ? 0 : position, order.size(),
        outside ? playlist.outside() : current().preset(), switchAt, paused, pausedLeft, fallback);
  }

  private Playlist.Sequence sequence() {
    return playlist.lists().get(listName);
  }

  private Playlist.Entry current() {
    return sequence().entries().get(order.get(position));
  }

  private Switcher switcher() {
    if (switcher == null) {
      throw new IllegalStateException("not playing");
    }
    return switcher;
  }

  private long now() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }
}
