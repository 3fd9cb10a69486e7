package dev.zoomorph.kotlin

import dev.zoomorph.engine.latent.Latent
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test

class LatentOperatorsTest {
  private val a = Latent.gaussian(8, 1)
  private val b = Latent.gaussian(8, 2)

  @Test
  fun `operators are the Java arithmetic`() {
    assertThat(a + b).isEqualTo(a.add(b))
    assertThat(a - b).isEqualTo(a.subtract(b))
    assertThat(a * 0.5).isEqualTo(a.scale(0.5))
    assertThat(0.5 * a).isEqualTo(a.scale(0.5))
    assertThat(a / 4.0).isEqualTo(a.scale(0.25))
    assertThat(-a).isEqualTo(a.scale(-1.0))
    assertThat(a[3]).isEqualTo(a.get(3))
    assertThat(a - b + b).isNotEqualTo(Latent.zeros(8))
  }

  @Test
  fun `paths end exactly on their latents`() {
    assertThat((a lerpTo b).at(0.0)).isSameAs(a)
    assertThat((a lerpTo b).at(1.0)).isSameAs(b)
    assertThat((a slerpTo b).at(0.3)).isEqualTo(a.slerp(b, 0.3))
    assertThat((a lerpTo b).at(0.3)).isEqualTo(a.lerp(b, 0.3))
  }

  @Test
  fun `bad arithmetic is refused with the engine's message`() {
    assertThatThrownBy { a + Latent.zeros(3) }.isInstanceOf(IllegalArgumentException::class.java)
        .hasMessage("latent sizes differ: 8 and 3")
    assertThatThrownBy { a / 0.0 }.isInstanceOf(IllegalArgumentException::class.java)
        .hasMessageContaining("not finite")
    assertThatThrownBy { axis(4, 4) }.hasMessage("axis 4 is not a component of a latent of size 4")
  }

  @Test
  fun `latent and axis build components`() {
    assertThat(latent(3) { it * 2.0 }).isEqualTo(Latent.of(0f, 2f, 4f))
    assertThat(axis(3, 1)).isEqualTo(Latent.of(0f, 1f, 0f))
  }
}
