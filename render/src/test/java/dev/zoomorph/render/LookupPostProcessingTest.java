package dev.zoomorph.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Post-processing through the CPU lookup table against the GL shader (post.frag via GlGenerator.resampling at the native size). */
class LookupPostProcessingTest {
  private static final View VIEW = View.of(256, 2);
  private static final Latent LATENT = Latent.zeros(1);
  /** Every grey level once per row. */
  private static final Frame GREY_RAMP = ramp(1);
  /** Three different ramps, so each channel covers every level in another order. */
  private static final Frame RGB_RAMP = ramp(3);

  /** Hard thresholds sit between levels: GL stages frames in half floats, which decide a level exactly on one. */
  private static final List<PostProcessing> POSTS = List.of(
      PostProcessing.NONE.withContrast(1.4f).withGamma(0.7f),
      PostProcessing.NONE.withGamma(2.2f).withPalette(Palette.VIRIDIS),
      PostProcessing.NONE.withPalette(Palette.ICE),
      PostProcessing.NONE.withThreshold(0.61f, 0f),
      PostProcessing.NONE.withContrast(1.2f).withThreshold(0.45f, 0.15f).withPalette(Palette.FIRE),
      PostProcessing.NONE.withContrast(0.5f).withGamma(1.5f).withThreshold(0.3f, 0.5f));

  private static Frame ramp(int channels) {
    byte[] pixels = new byte[VIEW.width() * VIEW.height() * channels];
    for (int y = 0; y < VIEW.height(); y++) {
      for (int x = 0; x < VIEW.width(); x++) {
        int i = (y * VIEW.width() + x) * channels;
        pixels[i] = (byte) x;
        if (channels == 3) {
          pixels[i + 1] = (byte) (255 - x);
          pixels[i + 2] = (byte) (x * 7);
        }
      }
    }
    return new Frame(VIEW.width(), VIEW.height(), channels, pixels);
  }

  @Test
  void theTableGivesTheShadersPictureWithinOneLevel() {
    for (Frame source : List.of(GREY_RAMP, RGB_RAMP)) {
      for (PostProcessing post : POSTS) {
        Frame shader;
        try (GlGenerator gl = GlGenerator.resampling(new FixedFrame(source, 1), VIEW.width(), VIEW.height(), post)) {
          shader = gl.render(LATENT, VIEW);
        }
        PostProcessedGenerator table = RenderBackends.withPostProcessing(new FixedFrame(source, 1));
        table.setPostProcessing(post);
        Frame cpu = table.render(LATENT, VIEW);
        String what = post + " on " + source.channels() + " channel(s)";
        assertThat(cpu.channels()).as(what).isEqualTo(shader.channels()).isEqualTo(table.channels());
        assertThat(PixelStats.maxDifference(cpu, shader)).as(what).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void theIdentityPassesTheFrameOnUntouched() {
    PostProcessedGenerator table = RenderBackends.withPostProcessing(new FixedFrame(GREY_RAMP, 1));
    assertThat(table.render(LATENT, VIEW)).isSameAs(GREY_RAMP);
    table.setPostProcessing(PostProcessing.NONE.withGamma(2));
    assertThat(table.render(LATENT, VIEW)).isNotSameAs(GREY_RAMP);
    table.setPostProcessing(PostProcessing.NONE);
    assertThat(table.render(LATENT, VIEW)).isSameAs(GREY_RAMP);
  }

  @Test
  void aChangeOfPostProcessingShowsInTheNextFrame() {
    PostProcessedGenerator table = RenderBackends.withPostProcessing(new FixedFrame(GREY_RAMP, 1));
    table.setPostProcessing(PostProcessing.NONE.withThreshold(0.5f, 0f));
    Frame hard = table.render(LATENT, VIEW);
    assertThat(hard.sample(100, 0, 0)).isZero();
    assertThat(hard.sample(150, 0, 0)).isEqualTo(255);
    table.setPostProcessing(PostProcessing.NONE.withThreshold(0.25f, 0f));
    assertThat(table.render(LATENT, VIEW).sample(100, 0, 0)).isEqualTo(255);
    table.setPostProcessing(PostProcessing.NONE.withPalette(Palette.FIRE));
    Frame fire = table.render(LATENT, VIEW);
    assertThat(fire.channels()).isEqualTo(3);
    byte[] palette = Palette.FIRE.table();
    for (int level = 0; level < 256; level++) {
      for (int c = 0; c < 3; c++) {
        assertThat(fire.sample(level, 1, c)).isEqualTo(palette[level * 3 + c] & 0xff);
      }
    }
  }

}
