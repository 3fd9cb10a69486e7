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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * goes on with what it plays; when every entry of a list fails, the built-in {@link #FALLBACK} preset plays (between
 * windows, when the outside preset fails, the bundled {@link Playlist#BLACK}), the position says why, and the list (or
 * the outside preset) is tried again after {@link #RETRY}, so fixing the file on disk is enough.
 *
 * <p>Each switch is logged in one line saying the list, the entry, the preset and why (INFO; WARN with the reason
 * when a fallback takes over), so a show's log tells what played when.
 *
 * <p>{@link #reload} replaces the playlist while it plays (its file was edited), keeping the entry playing unless the
 * new schedule says otherwise now.
 *
 * <p>Its time is a Reactor {@link Scheduler}'s (entries last their seconds on it; a virtual-time scheduler in tests)
 * and the windows a {@link Clock}'s (the machine's local time zone live). Everything it does runs on one worker of
 * that scheduler, one step at a time; {@link ShowPlaylist}'s calls and {@link #reload} only queue work there, so they
 * never block.
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
  private static final String START = "start";

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
  private record Snapshot(String list, int entry, int entries, String preset, long switchAt, long windowAt,
      boolean paused, long pausedLeft, @Nullable String fallback) {}

  /** A preset of a list that did not load. */
  private record Failed(String list, String preset) {}

  /** A playlist waiting for the worker to play it, and what it was read from. */
  private record Reload(Playlist playlist, String source) {}

  private final Clock wallClock;
  private final Scheduler scheduler;
  private final Random random;
  private final AtomicLong skipped = new AtomicLong();
  /**
   * Why each preset of a list (or the outside one) last failed, until it plays: a failure is logged once, not at each
   * pass of the list or retry.
   */
  private final Map<Failed, String> failures = new HashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  /** The newest {@link #reload} not yet applied: one queued before the worker took the last replaces it. */
  private final AtomicReference<@Nullable Reload> reloads = new AtomicReference<>();
  private volatile Snapshot snapshot;
  private volatile Scheduler.@Nullable Worker worker;
  /** What {@link #fileProblem} said last. */
  private volatile @Nullable String fileProblem;

  // Worker only, after opening().
  private Playlist playlist;
  private Schedule schedule;
  private @Nullable Switcher switcher;
  private @Nullable FluxSink<Step> steps;
  private String listName;
  private Playlist.@Nullable Window window;
  private Instant windowUntil = Instant.MAX;
  private List<Integer> order = List.of();
  private int position;
  /**
   * The preset playing was left over by a {@link #reload} whose list does not have it: the next step starts the list
   * at its first entry (where {@link #position} already points) rather than after it.
   */
  private boolean leftover;
  /** A reload moved on a list that had ended (its last entry staying): the next step's reason is the reload. */
  private boolean movedOnByReload;
  private long entryEndsAt = NEVER;
  private boolean paused;
  private long pausedLeft;
  private @Nullable String fallback;
  /** The preset the player last switched the show to: what {@link #position} reports as playing. */
  private @Nullable String playing;
  /** Why the next switch happens, for its log line. */
  private String why = START;
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
    this.snapshot = new Snapshot(Playlist.MAIN, 0, 0, "", NEVER, NEVER, false, 0, null);
  }

  /**
   * Chooses what plays first and loads it with {@code loader} (skipping entries that do not load, as playing does),
   * for a show to start with; {@link #play} then goes on from it without switching again.
   *
   * @throws RuntimeException from {@code loader} when not even the built-in preset loads
   */
  public synchronized Preset opening(PresetLoader loader) {
    enterWindow();
    why = START;
    String lastError = null;
    // Between windows the outside preset, else black; in a window the list's entries in turn, else the built-in one.
    int tries = isOutside() ? 1 : order.size();
    for (int i = 0; i < tries; i++) {
      String candidate = isOutside() ? playlist.outside() : current().preset();
      try {
        Preset preset = loader.load(candidate);
        markApplied(candidate, null);
        return preset;
      } catch (RuntimeException e) {
        skip(candidate, e);
        lastError = e.getMessage();
        if (!isOutside()) {
          position = (position + 1) % order.size();
        }
      }
    }
    String instead = fallbackPreset();
    if (isOutside() && !instead.equals(playlist.outside())) {
      try {
        Preset preset = loader.load(instead);
        markApplied(instead, fallbackReason(lastError, instead));
        return preset;
      } catch (RuntimeException e) {
        skip(instead, e);
      }
    }
    instead = FALLBACK; // the show must open with something
    Preset preset = loader.load(instead);
    markApplied(instead, fallbackReason(lastError, instead));
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
            why = START;
            playCurrent();
          }
          reloadNow(); // one asked for before the worker was there
        }
      });
    });
  }

  @Override
  public Position position() {
    Snapshot s = snapshot;
    long now = now();
    // Paused, the entry's time stands still, but the schedule's next boundary still comes and switches.
    long switchAt = s.paused() ? Math.min(s.pausedLeft() == NEVER ? NEVER : now + s.pausedLeft(), s.windowAt())
        : s.switchAt();
    double left = switchAt == NEVER ? -1 : Math.max(0, switchAt - now) / 1e9;
    return new Position(s.list(), s.entry(), s.entries(), s.preset(), left, s.paused(), skipped.get(), s.fallback(),
        fileProblem);
  }

  /**
   * Says why what the playlist's file holds now is not what plays (its newest edit did not load, or the file is gone
   * or cannot be read), for {@link #position}; null once it is. What plays is not changed.
   */
  public void fileProblem(@Nullable String why) {
    fileProblem = why;
  }

  @Override
  public void next() {
    onWorker(() -> {
      why = "control: next";
      step(1);
    });
  }

  @Override
  public void previous() {
    onWorker(() -> {
      why = "control: previous";
      step(-1);
    });
  }

  @Override
  public void jumpTo(int index) {
    onWorker(() -> {
      if (!isOutside()) {
        position = Math.max(0, Math.min(order.size() - 1, index));
        paused = false;
        why = "control: entry " + position;
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

  /**
   * Plays {@code next} instead of the playlist playing, as the player's worker gets to it (queued like the other
   * controls; returns at once). What plays then:
   *
   * <ul>
   *   <li>If under {@code next}'s schedule the wall clock is now in another list's window, or between windows while a
   *       list plays (or the other way round), or between windows with another outside preset, the player switches at
   *       once, as at a window boundary: to that list from its first entry (or the outside preset), ending a pause.
   *   <li>So it does while a fallback plays (nothing of the list loaded): the new list is tried at once.
   *   <li>Otherwise the entry playing plays out its time (a paused one stays paused), then the new list goes on: from
   *       the entry after the same preset if the new list has it (the nearest to the old place where it has it more
   *       than once; a shuffled list starts a new pass led by it), else from the new list's first entry (the first of
   *       a new shuffle). Meanwhile the position counts the new list's entries; its entry is the same preset's, or 0.
   *       An entry that stayed because its list does not loop has no time left: the new list goes on at once.
   * </ul>
   *
   * One INFO line says what was reloaded and which of these happened. Before {@link #play} the reload waits for it;
   * after the player stopped, nothing happens. A reload queued while another waits replaces it.
   *
   * @param source what {@code next} was read from (the file), for the log line
   */
  public void reload(Playlist next, String source) {
    reloads.set(new Reload(next, source));
    onWorker(this::reloadNow);
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

  /** Plays the reload waiting, if any (another task may have taken it): see {@link #reload}. */
  private void reloadNow() {
    Reload reload = reloads.getAndSet(null);
    if (reload == null) {
      return;
    }
    Playlist next = reload.playlist();
    playlist = next;
    schedule = new Schedule(next.schedule(), wallClock.getZone());
    Schedule.Open open = schedule.isEmpty() ? new Schedule.Open(null, Instant.MAX) : schedule.at(wallClock.instant());
    Playlist.Window opened = open.window();
    String list = opened != null ? opened.list() : schedule.isEmpty() ? Playlist.MAIN : Playlist.OUTSIDE;
    String reloaded = "playlist " + reload.source() + " reloaded: " + next.lists().size() + " list(s), "
        + next.schedule().size() + " window(s); ";
    if (fallback != null || !list.equals(listName) || (isOutside() && !next.outside().equals(playing))) {
      LOG.info("{}switching at once to {}", reloaded,
          list.equals(Playlist.OUTSIDE) ? "the outside preset" : "list '" + list + "'");
      enterWindow();
      why = "playlist reloaded";
      playCurrent();
      return;
    }
    window = opened;
    windowUntil = open.until();
    String goesOn = isOutside() ? "the outside preset plays on" : carryOver(Objects.requireNonNull(playing));
    LOG.info("{}{}", reloaded, goesOn);
    publish();
    arm();
  }

  /**
   * The same list in the reloaded playlist: places {@code preset}, which plays on, in the list's new play order, so
   * that the list goes on after it (or from its start without it); says so, for the log line.
   */
  private String carryOver(String preset) {
    Playlist.Sequence list = sequence();
    int was = position;
    order = playOrder(list, -1);
    int at = -1;
    for (int i = 0; i < order.size(); i++) {
      if (list.entries().get(order.get(i)).preset().equals(preset)
          && (at < 0 || Math.abs(i - was) < Math.abs(at - was))) {
        at = i;
      }
    }
    if (at > 0 && list.shuffle()) { // a pass led by it: every other entry plays before one comes again
      List<Integer> led = new ArrayList<>(order);
      led.add(0, led.remove(at));
      order = List.copyOf(led);
      at = 0;
    }
    leftover = at < 0;
    position = Math.max(0, at);
    // An entry staying because its list ended has no time left: the new list goes on now.
    if (paused && pausedLeft == NEVER) {
      pausedLeft = 0;
    } else if (!paused && entryEndsAt == NEVER) {
      entryEndsAt = now();
      movedOnByReload = true;
    }
    String plays = "'" + preset + "' " + (paused ? "stays paused" : "plays out its time");
    return leftover ? plays + ", then list '" + listName + "' starts from its first entry"
        : plays + " as entry " + position + " of " + order.size() + " of list '" + listName + "'";
  }

  /** The timer fired: the window changed, or the entry is over, or it is only time to look at the clock again. */
  private void onTimer() {
    if (!schedule.isEmpty()) {
      // Asked afresh each time, so a wall clock set forward or back (NTP, a dead RTC battery) is followed too.
      Instant now = wallClock.instant();
      Schedule.Open open = schedule.at(now);
      // Another window of the same list, following without a gap, is not entered: the list plays on through it.
      if (!Objects.equals(listOf(open.window()), listOf(window)) || !now.isBefore(windowUntil)) {
        Playlist.Window was = window;
        enterWindow();
        why = window != null ? "window " + window.describe() + " opened"
            : was != null ? "window " + was.describe() + " closed" : "the wall clock changed";
        playCurrent();
        return;
      }
      window = open.window();
      windowUntil = open.until();
    }
    if (!paused && entryEndsAt != NEVER && now() >= entryEndsAt) {
      if (fallback != null) {
        why = "trying again after the fallback";
        playCurrent(); // the list (or the outside preset) again, from where it failed
      } else {
        why = movedOnByReload ? "playlist reloaded" : "entry ended";
        movedOnByReload = false;
        step(1);
      }
    } else {
      arm();
    }
  }

  /** Moves {@code direction} entries on (a new pass, reshuffled, after the last when the list loops) and plays. */
  private void step(int direction) {
    if (isOutside()) {
      arm();
      return;
    }
    paused = false;
    Playlist.Sequence list = sequence();
    int next = (leftover ? -1 : position) + direction;
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

  /**
   * Switches to the current entry (between windows: the outside preset), skipping entries that fail; after a whole
   * list of failures, the fallback.
   */
  private void playCurrent() {
    leftover = false;
    if (isOutside()) {
      String lastError = attempt(playlist.outside(), null);
      if (lastError == null) {
        played(new Step(listName, -1, playlist.outside(), Outcome.OUTSIDE, null), NEVER);
      } else {
        report(new Step(listName, -1, playlist.outside(), Outcome.SKIPPED, lastError));
        fallBack(lastError);
      }
      return;
    }
    String lastError = null;
    for (int tries = 0; tries < order.size(); tries++) {
      Playlist.Entry entry = current();
      lastError = attempt(entry.preset(), entry.crossfadeSeconds());
      if (lastError == null) {
        played(new Step(listName, position, entry.preset(), Outcome.PLAYING, null), now() + nanos(entry.seconds()));
        return;
      }
      report(new Step(listName, position, entry.preset(), Outcome.SKIPPED, lastError));
      position = (position + 1) % order.size();
    }
    fallBack(lastError);
  }

  /** {@code step}'s preset plays now, until {@code endsAt}: logged, published, reported. */
  private void played(Step step, long endsAt) {
    fallback = null;
    playing = step.preset();
    entryEndsAt = endsAt;
    LOG.info("playlist: {} ({})", describe(step.preset()), why);
    publish();
    report(step);
    arm();
  }

  /**
   * Nothing of the list (or the outside preset) loaded: the fallback plays, switched to once, the position says why,
   * and the list is tried again after {@link #RETRY}.
   */
  private void fallBack(@Nullable String lastError) {
    boolean takesOver = fallback == null;
    String instead = fallbackPreset();
    int entry = isOutside() ? -1 : position;
    if (!instead.equals(playing) && !(isOutside() && instead.equals(playlist.outside()))) {
      String error = attempt(instead, null);
      if (error == null) {
        playing = instead;
      }
      report(new Step(listName, entry, instead, error == null ? Outcome.FALLBACK : Outcome.SKIPPED, error));
    } else if (takesOver) {
      report(new Step(listName, entry, instead, Outcome.FALLBACK, null));
    }
    fallback = fallbackReason(lastError, instead.equals(playing) ? instead : null);
    if (takesOver) {
      LOG.warn("playlist: {} ({})", fallback, why);
    }
    entryEndsAt = now() + RETRY.toNanos();
    publish();
    arm();
  }

  /** What plays when nothing of the list loads: black between windows, else the built-in random CPPN. */
  private String fallbackPreset() {
    return isOutside() ? Playlist.BLACK : FALLBACK;
  }

  /** Switches the show to {@code preset}: null when it plays, else why not (logged and counted). */
  private @Nullable String attempt(String preset, @Nullable Double crossfade) {
    try {
      switcher().switchTo(preset, crossfade);
      failures.remove(new Failed(listName, preset));
      return null;
    } catch (RuntimeException e) {
      skip(preset, e);
      return String.valueOf(e.getMessage());
    }
  }

  /** Why the fallback plays: what failed, and what plays instead ({@code plays}; null: what played before). */
  private String fallbackReason(@Nullable String lastError, @Nullable String plays) {
    String failed = isOutside()
        ? "the outside preset " + playlist.outside() + " did not load (" + lastError + ")"
        : "no entry of list '" + listName + "' loaded (the last: " + lastError + ")";
    return failed + (plays != null ? "; playing the built-in '" + plays + "'" : "; the show plays on as it was")
        + " and trying again every " + RETRY.toSeconds() + " s";
  }

  /** Where the player is, for a log line: the list and the entry, or outside, and {@code preset}. */
  private String describe(String preset) {
    return isOutside() ? "between the schedule's windows: " + preset
        : "list '" + listName + "' entry " + position + " of " + order.size() + ": " + preset;
  }

  /** {@code preset} of the list playing did not load because of {@code e}: counted, and logged unless said already. */
  private void skip(String preset, RuntimeException e) {
    skipped.incrementAndGet();
    String reason = String.valueOf(e.getMessage());
    String failure = "list '" + listName + "': " + reason;
    if (!reason.equals(failures.put(new Failed(listName, preset), reason))) {
      LOG.error("playlist: skipped an entry of {}", failure);
    } else {
      // The same failure again, at each pass of the list or retry until the file is fixed: once in the log is enough
      // (a night of a broken outside preset logged 900 lines); the count in /api/state still goes up.
      LOG.debug("playlist: skipped an entry of {} (again)", failure);
    }
  }

  /** Looks at the wall clock: the list of the window open now (from its first entry), or outside. */
  private void enterWindow() {
    paused = false;
    fallback = null; // a new list: its own fallback, if it comes to that
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
      delay = Math.min(delay, nanosUntil(windowUntil));
    }
    timer = w.schedule(() -> {
      synchronized (this) {
        onTimer();
      }
    }, delay, TimeUnit.NANOSECONDS);
  }

  /** {@link #opening} loaded {@code preset} ({@code reason}: as the fallback, why); {@link #play} goes on from it. */
  private void markApplied(String preset, @Nullable String reason) {
    applied = true;
    fallback = reason;
    playing = preset;
    entryEndsAt = reason != null ? now() + RETRY.toNanos() : isOutside() ? NEVER : now() + nanos(current().seconds());
    if (reason != null) {
      LOG.warn("playlist: {} ({})", reason, why);
    } else {
      LOG.info("playlist: {} ({})", describe(preset), why);
    }
    publish();
  }

  private void reportOpening() {
    if (fallback != null) {
      report(new Step(listName, isOutside() ? -1 : position, String.valueOf(playing), Outcome.FALLBACK, null));
    } else if (isOutside()) {
      report(new Step(listName, -1, playlist.outside(), Outcome.OUTSIDE, null));
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
    long windowLeft = schedule.isEmpty() ? NEVER : nanosUntil(windowUntil);
    long windowAt = windowLeft == NEVER ? NEVER : now() + windowLeft;
    snapshot = new Snapshot(listName, isOutside() ? 0 : position, order.size(), playing == null ? "" : playing,
        Math.min(entryEndsAt, windowAt), windowAt, paused, pausedLeft, fallback);
  }

  /** The scheduler's nanoseconds to the wall clock's {@code instant}: 0 when past, NEVER for {@link Instant#MAX}. */
  private long nanosUntil(Instant instant) {
    return instant.equals(Instant.MAX) ? NEVER : Math.max(0, Duration.between(wallClock.instant(), instant).toNanos());
  }

  private static @Nullable String listOf(Playlist.@Nullable Window open) {
    return open == null ? null : open.list();
  }

  private boolean isOutside() {
    return listName.equals(Playlist.OUTSIDE);
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
