package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * BENCHMARKS.md's WebGL viewer frame rate: the default preset drawn by the viewer page in headless Chromium at
 * 1280×720 through SwiftShader (on the CPU, so a floor: any GPU is far faster), counted by the page itself (frames
 * drawn over 30 s). Not part of the test suite (no *Test name); run it with
 * {@code mvn -B -o -Dzoomorph.skipDebianPackages=true -pl server -am -Dtest=WebGlViewerFpsBench
 * -Dsurefire.failIfNoSpecifiedTests=false verify}; the numbers are in
 * server/target/surefire-reports/dev.zoomorph.server.WebGlViewerFpsBench-output.txt.
 */
class WebGlViewerFpsBench {

  @TempDir
  Path temp;

  @Test
  @Timeout(900)
  void theDefaultPresetAt1280x720() throws Exception {
    // The server renders small frames (viewers draw their own): its CPU stays out of the browser's way.
    Show show = Show.of(Presets.DEFAULT, new FrameSize(64, 64), 30, Backend.CPU);
    try (LiveServer live = LiveServer.start(show, show.controls(), "127.0.0.1", 0,
            new ControlOptions(ApiToken.random(), OptionalInt.empty(), null, null, null, null, null));
        HeadlessChromium browser = HeadlessChromium.withWebGl("http://127.0.0.1:" + live.port() + "/",
            temp.resolve("profile"), 1280, 720)) {
      browser.call("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 720,
          "deviceScaleFactor", 1, "mobile", false));
      Polling.await(() -> status(browser).startsWith("webgl · 1280×720"), Duration.ofSeconds(300),
          () -> "not drawing in WebGL at 1280×720: " + status(browser));
      Polling.await(() -> draws(browser) >= 2, Duration.ofSeconds(300), () -> "no draws: " + status(browser));
      // Frames drawn over a long window: SwiftShader may take seconds per frame.
      long firstDraws = draws(browser);
      long start = System.nanoTime();
      Thread.sleep(60_000);
      long drawn = draws(browser) - firstDraws;
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("WebGL viewer, default preset, canvas 1280x720 (device pixels), SwiftShader: %d frames in"
              + " %.1f s = %.3f fps; load average %.1f%n", drawn, seconds, drawn / seconds,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      assertThat(drawn).isPositive();
    }
  }

  /** Frames the page has drawn; a draw on SwiftShader can keep the page busy longer than one DevTools call waits. */
  private static long draws(HeadlessChromium browser) {
    for (int attempt = 1; ; attempt++) {
      try {
        return browser.evaluate("Number(document.getElementById('viewer').dataset.draws ?? 0)").asLong();
      } catch (IllegalStateException busy) {
        if (attempt == 5) {
          throw busy;
        }
      }
    }
  }

  private static String status(HeadlessChromium browser) {
    try {
      return browser.evaluate("document.querySelector('.status')?.textContent ?? ''").asText();
    } catch (IllegalStateException busy) {
      return "(the page is busy drawing)";
    }
  }
}
