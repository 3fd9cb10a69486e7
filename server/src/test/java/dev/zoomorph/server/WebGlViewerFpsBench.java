package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.render.Backend;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * BENCHMARKS.md's WebGL viewer frame rate: the default preset drawn by the viewer page in headless Chromium at
 * 1280×720 through SwiftShader (on the CPU, so a floor: any GPU is far faster), read from the page's own status line
 * (frames drawn in the last two seconds). Not part of the test suite (no *Test name); run it with
 * {@code mvn -B -o -Dzoomorph.skipDebianPackages=true -pl server -am -Dtest=WebGlViewerFpsBench
 * -Dsurefire.failIfNoSpecifiedTests=false verify}; the numbers are in
 * server/target/surefire-reports/dev.zoomorph.server.WebGlViewerFpsBench-output.txt.
 */
class WebGlViewerFpsBench {

  private static final Pattern STATUS = Pattern.compile("webgl · (\\d+)×(\\d+) · ([\\d.]+) fps");

  @TempDir
  Path temp;

  @Test
  @Timeout(300)
  void theDefaultPresetAt1280x720() throws Exception {
    // The server renders small frames (viewers draw their own): its CPU stays out of the browser's way.
    Show show = Show.of(Presets.DEFAULT, new FrameSize(64, 64), 30, Backend.TENSORFLOW);
    try (LiveServer live = LiveServer.start(show, show.controls(), "127.0.0.1", 0,
            new ControlOptions(ApiToken.random(), OptionalInt.empty(), null, List.of(), null));
        HeadlessChromium browser = HeadlessChromium.withWebGl("http://127.0.0.1:" + live.port() + "/",
            temp.resolve("profile"), 1280, 720)) {
      Polling.await(() -> STATUS.matcher(status(browser)).find(), Duration.ofSeconds(60),
          () -> "not drawing in WebGL: " + status(browser));
      Thread.sleep(5000);
      List<Double> samples = new ArrayList<>();
      String size = "";
      for (int i = 0; i < 10; i++) {
        Thread.sleep(2000);
        Matcher m = STATUS.matcher(status(browser));
        assertThat(m.find()).as(status(browser)).isTrue();
        size = m.group(1) + "x" + m.group(2);
        samples.add(Double.parseDouble(m.group(3)));
      }
      double mean = samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      System.out.printf("WebGL viewer, default preset, canvas %s, SwiftShader: %.2f fps (2 s samples %s);"
              + " load average %.1f%n", size, mean, samples,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      assertThat(size).isEqualTo("1280x720");
    }
  }

  private static String status(HeadlessChromium browser) {
    return browser.evaluate("document.querySelector('.status')?.textContent ?? ''").asText();
  }
}
