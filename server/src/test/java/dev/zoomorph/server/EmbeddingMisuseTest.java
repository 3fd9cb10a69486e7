package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.trajectory.Followed;
import dev.zoomorph.render.Backend;
import dev.zoomorph.render.record.ProgressListener;
import dev.zoomorph.testing.LogLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** What a Java program that misuses the library is told: the argument it left null, the show it already closed. */
@Timeout(60)
class EmbeddingMisuseTest {

  @Test
  void aNullArgumentIsNamedWhereItIsGiven() {
    assertThatThrownBy(() -> Zoomorph.show((String) null)).isInstanceOf(NullPointerException.class)
        .hasMessage("presetNameOrPath");
    assertThatThrownBy(() -> Zoomorph.playlist((Path) null)).hasMessage("file");
    assertThatThrownBy(() -> Zoomorph.show("default").latents(null)).hasMessage("latents");
    assertThatThrownBy(() -> Zoomorph.show("default").backend(null)).hasMessage("backend");
    assertThatThrownBy(() -> Zoomorph.record("default").to(null)).hasMessage("output");
    assertThatThrownBy(() -> Zoomorph.record("default").audio(null)).hasMessage("audio");
    assertThatThrownBy(() -> Latent.of((float[]) null)).isInstanceOf(NullPointerException.class).hasMessage("values");
    Latent latent = Latent.zeros(3);
    assertThatThrownBy(() -> latent.add(null)).isInstanceOf(NullPointerException.class).hasMessage("other");
    assertThatThrownBy(() -> latent.subtract(null)).hasMessage("other");
    assertThatThrownBy(() -> latent.lerp(null, 0.5)).hasMessage("other");
    assertThatThrownBy(() -> latent.slerp(null, 0.5)).hasMessage("other");
    assertThatThrownBy(() -> latent.dot(null)).hasMessage("other");
    assertThatThrownBy(() -> Latent.gaussian(3, (SplittableRandom) null)).hasMessage("random");
    assertThatThrownBy(() -> new Frame(2, 2, 1, null)).hasMessage("pixels");
    assertThatThrownBy(() -> ControlMessage.of("/zoomorph/zoom", (Object) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/zoomorph/zoom: argument 0 must be a number, boolean or string, was null");
  }

  @Test
  void aClosedShowRefusesControlsInsteadOfAnsweringAsIfApplied() {
    RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(16, 16)
        .restartStalledAfter(Duration.ofSeconds(30)).start();
    assertThat(show.controls().submit("java", ControlMessage.of("/zoomorph/zoom", 2.0))).isNotNull();
    assertThatThrownBy(() -> show.controls().attach("java", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("messages");
    assertThatThrownBy(() -> show.controls().<String>attach("java", null, item -> List.of(), (item, refusal) -> { }))
        .hasMessage("items");
    assertThatThrownBy(() -> show.awaitStop(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    show.close();
    assertThatThrownBy(() -> show.controls().submit("java", ControlMessage.of("/zoomorph/zoom", 3.0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the show is closed: /zoomorph/zoom from java is not applied");
    assertThatThrownBy(() -> show.controls().attach("java", Flux.just(ControlMessage.of("/zoomorph/zoom", 3.0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the show is closed: input java is not attached");
  }

  /**
   * A close while another thread closes the show returns only once the show is closed: the recording is finalised by
   * then (it was not, 2 times in 3, when the second call returned at once). A round counts only when the second call
   * came while the first was under way (its controls closed, its file not yet finalised).
   */
  @Test
  void aSecondCloseReturnsOnlyOnceTheShowIsClosed(@TempDir Path dir) throws Exception {
    int during = 0;
    for (int round = 0; round < 6 && during < 2; round++) {
      Path mp4 = dir.resolve("round-" + round + ".mp4");
      RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(64, 64).recordTo(mp4).start();
      show.frames().take(3).blockLast(Duration.ofSeconds(30)); // a recording with frames to finalise
      Thread first = new Thread(show::close, "first-close");
      first.start();
      while (true) { // until the first close is under way: the controls refuse
        try {
          show.controls().submit("java", ControlMessage.of("/zoomorph/zoom", 1.0));
          Thread.sleep(1);
        } catch (IllegalStateException closing) {
          break;
        }
      }
      boolean finalisedAlready = Files.exists(mp4);
      show.close();
      assertThat(mp4).as("round %d", round).isNotEmptyFile();
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.map(Path::getFileName).map(Path::toString)).as("temporary files").noneMatch(
            name -> name.endsWith(".tmp"));
      }
      first.join(TimeUnit.SECONDS.toMillis(10));
      during += finalisedAlready ? 0 : 1;
    }
    assertThat(during).as("rounds in which the second close came while the first was under way").isPositive();
  }

  @Test
  void latentsOfAnotherSizeThanTheModelsAreSaidOnceAndReadBackAsAFailure() {
    ShowBuilder builder = Zoomorph.model("fashion-cppn-vae-gan");
    int size = builder.latentSize();
    try (LogLines log = new LogLines(Followed.class);
        RunningShow show = builder.latents(Flux.interval(Duration.ofMillis(10)).map(i -> Latent.zeros(3)))
            .backend(Backend.CPU).size(16, 16).restartStalledAfter(Duration.ofSeconds(30)).start()) {
      Polling.await(() -> show.latentsFailure() != null, Duration.ofSeconds(30), () -> "no failure yet");
      assertThat(show.latentsFailure()).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("followed latents of size 3 are dropped: the show's latents have size " + size);
      long dropped = show.frameCount();
      Polling.await(() -> show.frameCount() > dropped + 10, Duration.ofSeconds(30), () -> "frames stopped");
      assertThat(log.lines()).as("fifty a second, said once").containsOnlyOnce("WARN followed latents of size 3 are "
          + "dropped: the show's latents have size " + size);
    }
  }

  @Test
  void aFramesSubscriberThatWorksInPlaceNeverHoldsTheShowUp() throws InterruptedException {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(16, 16).fps(30)
        .restartStalledAfter(Duration.ofSeconds(30)).start()) {
      // As a program that writes each frame to a slow disk does: it works on the frame it was given.
      Disposable slow = show.frames().subscribe(frame -> {
        stuck.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      try {
        assertThat(stuck.await(20, TimeUnit.SECONDS)).as("the slow subscriber holds a frame").isTrue();
        assertThat(show.frames().take(30).count().block(Duration.ofSeconds(20)))
            .as("frames go on for the others meanwhile").isEqualTo(30);
      } finally {
        release.countDown();
        slow.dispose();
      }
    }
  }

  @Test
  void aRecordingRunsOnceAndSaysSoInItsOwnName(@TempDir Path dir) {
    Recording recording = Zoomorph.record("default").backend(Backend.CPU).size(8, 8).fps(10).seconds(0.1)
        .to(dir.resolve("frames"));
    recording.run(ProgressListener.NONE);
    assertThatThrownBy(() -> recording.run(ProgressListener.NONE)).isInstanceOf(IllegalStateException.class)
        .hasMessage("a Recording runs once; make a new one");
  }
}
