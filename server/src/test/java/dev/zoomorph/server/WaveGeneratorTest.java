package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import org.junit.jupiter.api.Test;

class WaveGeneratorTest {

  private final WaveGenerator waves = new WaveGenerator();

  @Test
  void thePictureVariesAcrossTheFrameAndWithTheLatent() {
    View view = View.of(64, 48);
    Frame a = waves.render(Latent.gaussian(waves.latentSize(), 1), view);
    Frame b = waves.render(Latent.gaussian(waves.latentSize(), 2), view);
    assertThat(a.width()).isEqualTo(64);
    assertThat(a.height()).isEqualTo(48);
    assertThat(a.channels()).isEqualTo(3);
    assertThat(distinctSamples(a)).as("not a flat colour").isGreaterThan(50);
    int differing = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      differing += a.pixels()[i] != b.pixels()[i] ? 1 : 0;
    }
    assertThat(differing).as("another latent, another picture").isGreaterThan(a.pixels().length / 2);
  }

  @Test
  void theViewMovesThePlaneNotThePicture() {
    Latent latent = Latent.gaussian(waves.latentSize(), 3);
    Frame whole = waves.render(latent, View.of(64, 64));
    // The right half of a 64² view of [-1, 1]² is a 32×64 view centred at x = 0.5; its shorter side is now the
    // width, so zoom 2 keeps the scale.
    Frame half = waves.render(latent, new View(32, 64, 0.5, 0, 2, 0));
    int worst = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 32; x++) {
        worst = Math.max(worst, Math.abs(whole.sample(32 + x, y, 0) - half.sample(x, y, 0)));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(2);
  }

  @Test
  void aWrongLatentSizeIsNamed() {
    assertThatThrownBy(() -> waves.render(Latent.zeros(3), View.of(8, 8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24").hasMessageContaining("3");
  }

  private static long distinctSamples(Frame frame) {
    boolean[] seen = new boolean[256];
    long count = 0;
    for (byte b : frame.pixels()) {
      if (!seen[b & 0xff]) {
        seen[b & 0xff] = true;
        count++;
      }
    }
    return count;
  }
}
