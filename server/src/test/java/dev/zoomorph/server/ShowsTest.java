package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.render.Backend;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShowsTest {

  @Test
  void theDefaultPresetRendersAtItsRenderScaleOfTheOutputSize() {
    try (Show show = Shows.fromPreset(Presets.DEFAULT, new FrameSize(64, 48), 30, Backend.TENSORFLOW)) {
      assertThat(show.output()).isEqualTo(new FrameSize(64, 48));
      assertThat(show.view().width()).isEqualTo(32);
      assertThat(show.view().height()).isEqualTo(24);
      Latent latent = show.latents().blockFirst(Duration.ofSeconds(5));
      Frame frame = show.generator().render(latent, show.view());
      assertThat(frame.width()).isEqualTo(32);
      assertThat(frame.channels()).isEqualTo(3);
    }
  }

  @Test
  void unknownPresetsAndBadRatesAreNamed() {
    assertThatThrownBy(() -> Shows.fromPreset("mystery", new FrameSize(64, 64), 30, Backend.TENSORFLOW))
        .isInstanceOf(PresetException.class).hasMessageContaining("'mystery'");
    assertThatThrownBy(() -> Shows.fromPreset(Presets.DEFAULT, new FrameSize(64, 64), -1, Backend.TENSORFLOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }
}
