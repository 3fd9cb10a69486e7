package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer page in Debian's real headless Chromium without a GPU process (so without WebGL2): it picks the JPEG
 * stream by itself, connects, decodes and draws the live frames, and reconnects.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ViewerPageBrowserTest {

  @TempDir
  Path temp;

  @Test
  void theViewerShowsAChangingPicture() throws Exception {
    assertThat(Files.isExecutable(HeadlessChromium.BINARY))
        .as("Debian package chromium is installed").isTrue();
    try (LiveServer live = LiveServer.start(TestShows.cppn(128, 96, 20), "127.0.0.1", 0);
        HeadlessChromium browser =
            new HeadlessChromium("http://127.0.0.1:" + live.port() + "/", temp.resolve("profile"))) {
      awaitFirstFrame(browser);
      assertThat(browser.evaluate("document.querySelector('.status').textContent").asText())
          .startsWith("jpeg (this browser has no WebGL2)").contains("fps");
      // Only the canvas should count: hide the status line, whose text changes by itself.
      browser.evaluate("document.querySelector('.status').style.visibility = 'hidden'");
      BufferedImage first = browser.screenshot();
      Thread.sleep(800); // real time must pass for the show to move on; the browser keeps drawing meanwhile
      BufferedImage second = browser.screenshot();

      assertThat(PixelStats.standardDeviation(first)).as("first screenshot is not uniform").isGreaterThan(5);
      assertThat(PixelStats.standardDeviation(second)).as("second screenshot is not uniform").isGreaterThan(5);
      assertThat(PixelStats.meanAbsoluteDifference(first, second)).as("the picture changes").isGreaterThan(1);
    }
  }

  @Test
  void theViewerReconnectsWhenTheServerComesBack() throws Exception {
    LiveServer first = LiveServer.start(TestShows.cppn(128, 96, 20), "127.0.0.1", 0);
    int port = first.port();
    try (HeadlessChromium browser = new HeadlessChromium("http://127.0.0.1:" + port + "/", temp.resolve("profile"))) {
      awaitCanvasWidth(browser, 128);
      first.close();
      // A new show on the same port, told apart by its frame size.
      try (LiveServer second = LiveServer.start(TestShows.cppn(96, 64, 20), "127.0.0.1", port)) {
        awaitCanvasWidth(browser, 96);
        assertThat(second.viewers()).isEqualTo(1);
      }
    } finally {
      first.close();
    }
  }

  /**
   * A show whose sockets stay open but which sends no frame (a relay whose show has not started or has stopped; here
   * a render loop stuck in its first frame, with no watchdog to restart it): the status line says it waits for the
   * first frame, then that none has come for seconds, and says the picture's size and pace once frames come.
   */
  @Test
  void theStatusLineSaysWhenNoFramesComeAndStopsSayingItWhenTheyDo() throws Exception {
    AtomicBoolean hangNext = new AtomicBoolean(true);
    CountDownLatch release = new CountDownLatch(1);
    try (LiveServer live = withoutWatchdog(TestShows.hanging(128, 96, 20, hangNext, release));
        HeadlessChromium browser = new HeadlessChromium("http://127.0.0.1:" + live.port() + "/",
            temp.resolve("profile"))) {
      String waiting = awaitStatus(browser, status -> status.contains("waiting for the first frame"));
      assertThat(waiting).as("before a frame, no size").doesNotContain("×");
      String silent = awaitStatus(browser, status -> status.contains("none for"));
      assertThat(silent).as("stuck in the first frame").doesNotContain("×")
          .matches("jpeg \\(this browser has no WebGL2\\) · waiting for the first frame · none for \\d+ s: "
              + "the show is not sending");
      assertThat(hangNext).as("the first frame is the one stuck").isFalse();

      release.countDown();
      awaitFirstFrame(browser);
      awaitStatus(browser, status -> status.contains("128×96 ·") && status.endsWith(" fps"));
    } finally {
      release.countDown();
    }
  }

  /** Frames that stop coming while the socket stays open (a relay whose show stopped) are said to have stopped. */
  @Test
  void theStatusLineSaysWhenFramesStopAfterComing() throws Exception {
    AtomicBoolean hangNext = new AtomicBoolean();
    CountDownLatch release = new CountDownLatch(1);
    try (LiveServer live = withoutWatchdog(TestShows.hanging(128, 96, 20, hangNext, release));
        HeadlessChromium browser = new HeadlessChromium("http://127.0.0.1:" + live.port() + "/",
            temp.resolve("profile"))) {
      awaitFirstFrame(browser);
      hangNext.set(true);
      String stopped = awaitStatus(browser, status -> status.contains("no frames for"));
      assertThat(stopped).matches("jpeg \\(this browser has no WebGL2\\) · 128×96 · 0\\.0 fps · no frames for \\d+ s: "
          + "the show stopped sending");
      release.countDown();
      awaitStatus(browser, status -> status.endsWith(" fps") && !status.endsWith(" 0.0 fps"));
    } finally {
      release.countDown();
    }
  }

  /** Serves {@code show} with no watchdog to restart a stuck render loop: its frames stop for as long as it hangs. */
  private static LiveServer withoutWatchdog(Show show) {
    return LiveServer.start(show, show.controls(), "127.0.0.1", 0, new ControlOptions(new ApiToken("viewer-test-token"),
        OptionalInt.empty(), null, null, null, null, null),
        new LiveServer.Recovery(Duration.ofMinutes(10), Duration.ofMinutes(10), () -> { }));
  }

  private static String awaitStatus(HeadlessChromium browser, Predicate<String> condition)
      throws InterruptedException {
    String status = "";
    for (int attempt = 0; attempt < 600; attempt++) {
      status = browser.evaluate("document.querySelector('.status').textContent").asText();
      if (condition.test(status)) {
        return status;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the status line did not come to what was awaited within 30 s; it says: " + status);
  }

  private static void awaitFirstFrame(HeadlessChromium browser) throws InterruptedException {
    awaitCanvasWidth(browser, 128);
  }

  /** The canvas takes the frame's size once a frame is drawn. */
  private static void awaitCanvasWidth(HeadlessChromium browser, int width) throws InterruptedException {
    for (int attempt = 0; attempt < 300; attempt++) {
      if (browser.evaluate("document.querySelector('canvas.jpeg').width").asInt() == width) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the viewer drew no " + width + "-wide frame within 15 s; its status line says: "
        + browser.evaluate("document.querySelector('.status').textContent").asText());
  }
}
