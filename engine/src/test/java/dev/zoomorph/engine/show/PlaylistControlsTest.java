package dev.zoomorph.engine.show;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The {@code /zoomorph/playlist/} entries of the one control table reach the attached playlist, and a preset switch
 * can carry its own crossfade (what a playlist entry's {@code crossfade} sends).
 */
class PlaylistControlsTest {
  private final AtomicLong now = new AtomicLong();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private static Preset preset(String name, ModelSpec model) {
    return new Preset(name, "", model, new TrajectorySpec.RandomWalk(1, 2), ViewSpec.DEFAULT, 1, TempoSpec.DEFAULT, 0,
        2, List.of(), PostSpec.NONE);
  }

  private final Preset first = preset("first", new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f));
  private final Preset second = preset("second", new ModelSpec.RandomCppn(2, 4, 8, 2, 3, 4f));
  private final LiveShow show = new LiveShow(first, 10, now::get, name -> name.equals("first") ? first : second);

  /** A playlist that records what the controls asked of it. */
  private final ShowPlaylist playlist = new ShowPlaylist() {
    @Override
    public Position position() {
      return new Position("main", 1, 3, "drift", 12.5, false, 2, null, null);
    }

    @Override
    public void next() {
      calls.add("next");
    }

    @Override
    public void previous() {
      calls.add("previous");
    }

    @Override
    public void jumpTo(int index) {
      calls.add("jump " + index);
    }

    @Override
    public void pause(boolean paused) {
      calls.add("pause " + paused);
    }
  };

  @Test
  void withoutAPlaylistItsAddressesAreNotThere() {
    assertThat(show.parameters()).noneMatch(p -> p.address().startsWith("/zoomorph/playlist/"));
    assertThatThrownBy(() -> show.apply(ControlMessage.of("/zoomorph/playlist/next")))
        .isInstanceOf(ControlException.class)
        .hasMessage("/zoomorph/playlist/next: not there now: no playlist plays (serve --playlist FILE)")
        .satisfies(e -> assertThat(((ControlException) e).problem()).isEqualTo(ControlException.Problem.UNKNOWN_ADDRESS));
  }

  @Test
  void theTableSteersTheAttachedPlaylistAndReadsItsPosition() {
    show.attach(playlist);
    show.apply(ControlMessage.of("/zoomorph/playlist/next"));
    show.apply(ControlMessage.of("/zoomorph/playlist/previous", 1));
    show.apply(ControlMessage.of("/zoomorph/playlist/previous", 0)); // a button's release does nothing
    show.apply(ControlMessage.of("/zoomorph/playlist/pause", true));
    show.apply(ControlMessage.of("/zoomorph/playlist/entry", 9)); // clamped to the list's 3 entries
    assertThat(calls).containsExactly("next", "previous", "pause true", "jump 2");
    assertThat(show.parameters()).filteredOn(p -> p.address().startsWith("/zoomorph/playlist/"))
        .extracting(ControlParameter::address, ControlParameter::value, ControlParameter::writable)
        .containsExactly(
            tuple("/zoomorph/playlist/entry", List.of(1), true),
            tuple("/zoomorph/playlist/list", List.of("main"), false),
            tuple("/zoomorph/playlist/next", List.of(), true),
            tuple("/zoomorph/playlist/pause", List.of(false), true),
            tuple("/zoomorph/playlist/previous", List.of(), true),
            tuple("/zoomorph/playlist/remaining", List.of(12.5), false),
            tuple("/zoomorph/playlist/skipped", List.of(2L), false));
    assertThatThrownBy(() -> show.apply(ControlMessage.of("/zoomorph/playlist/remaining", 3.0)))
        .hasMessageStartingWith("/zoomorph/playlist/remaining: read-only");
  }

  private Scene sceneAt(long nanos) {
    return TestScenes.at(show, nanos);
  }

  @Test
  void aSwitchCarriesItsOwnCrossfadeOverThePresets() {
    sceneAt(0);
    show.apply(ControlMessage.of("/zoomorph/preset", "second", 4.0)); // the preset says 2 s
    assertThat(sceneAt(0).fadingWeight()).as("the fade starts with the next frame").isEqualTo(1);
    long fourSeconds = 4_000_000_000L;
    assertThat(sceneAt(fourSeconds / 2).fadingWeight()).isEqualTo(0.5, within(1e-9));
    assertThat(sceneAt(fourSeconds - 1).fading()).isNotNull();
    assertThat(sceneAt(fourSeconds).fading()).isNull();
    assertThat(show.parameters()).filteredOn(p -> p.address().equals("/zoomorph/preset"))
        .extracting(ControlParameter::value).containsExactly(List.of("second", 4.0));

    // The next switch without a crossfade is the preset's own (2 s) again.
    now.set(fourSeconds);
    show.apply(ControlMessage.of("/zoomorph/preset", "first"));
    sceneAt(fourSeconds);
    assertThat(sceneAt(fourSeconds + 1_000_000_000L).fadingWeight()).isEqualTo(0.5, within(1e-9));
    assertThatThrownBy(() -> show.apply(ControlMessage.of("/zoomorph/preset", "second", 1.0, 2.0)))
        .hasMessage("/zoomorph/preset: expects 1 to 2 argument(s), got 3");
  }
}
