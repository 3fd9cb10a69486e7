package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.render.Backend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
    assertThatThrownBy(() -> ControlMessage.of("/zoomorph/zoom", (Object) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/zoomorph/zoom: argument 0 must be a number, boolean or string, was null");
  }

  @Test
  void aClosedShowRefusesControlsInsteadOfAnsweringAsIfApplied() {
    RunningShow show = Zoomorph.show("default").backend(Backend.CPU).size(16, 16)
        .restartStalledAfter(Duration.ofSeconds(30)).start();
    assertThat(show.controls().submit("java", ControlMessage.of("/zoomorph/zoom", 2.0))).isNotNull();
    show.close();
    assertThatThrownBy(() -> show.controls().submit("java", ControlMessage.of("/zoomorph/zoom", 3.0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the show is closed: /zoomorph/zoom from java is not applied");
  }
}
