package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.latent.Latent;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ShowsTest {

  @Test
  void driftIsPacedByTheFrameRateAndPassesThroughItsKeyframes() {
    StepVerifier.withVirtualTime(() -> Shows.drift(8, 3, 10, Duration.ofSeconds(1)).take(11))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(99))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(Latent.gaussian(8, 3))
        .thenAwait(Duration.ofMillis(900))
        .expectNextCount(9)
        .thenAwait(Duration.ofMillis(100))
        .assertNext(latent -> assertThat(latent.subtract(Latent.gaussian(8, 4)).norm()).isLessThan(1e-5))
        .verifyComplete();
  }

  @Test
  void theDefaultPresetRendersAtTheRequestedSize() {
    try (Show show = Shows.fromPreset(Shows.DEFAULT_PRESET, 40, 30, 30)) {
      assertThat(show.view().width()).isEqualTo(40);
      Latent latent = show.latents().blockFirst(Duration.ofSeconds(5));
      var frame = show.generator().render(latent, show.view());
      assertThat(frame.width()).isEqualTo(40);
      assertThat(frame.height()).isEqualTo(30);
    }
  }

  @Test
  void unknownPresetsAndBadRatesAreNamed() {
    assertThatThrownBy(() -> Shows.fromPreset("mystery", 64, 64, 30))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mystery'");
    assertThatThrownBy(() -> Shows.fromPreset(Shows.DEFAULT_PRESET, 64, 64, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }
}
