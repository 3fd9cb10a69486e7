package dev.zoomorph.examples

import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir

/** Every example, run as `examples/run` runs it but headless: real generators, real sockets, frames to a folder. */
@Timeout(120)
class ExamplesTest {

  private fun framesIn(dir: Path): List<Path> =
    Files.list(dir).use { files -> files.filter { it.fileName.toString().matches(Regex("frame-\\d+\\.png")) }.sorted().toList() }

  private fun assertFrames(dir: Path, count: Int, width: Int, height: Int) {
    val frames = framesIn(dir)
    assertThat(frames).hasSize(count)
    frames.forEach {
      val image = ImageIO.read(it.toFile())
      assertThat(image.width).isEqualTo(width)
      assertThat(image.height).isEqualTo(height)
    }
  }

  @Test
  fun `1 morph served`(@TempDir dir: Path): Unit = runBlocking {
    dev.zoomorph.examples.morph.main(arrayOf("--headless", dir.toString(), "--frames", "3", "--port", "0"))
    assertFrames(dir, 3, 256, 256) // the default preset's render scale 0.5 of 512²
  }

  @Test
  fun `2 lissajous flow`(@TempDir dir: Path): Unit = runBlocking {
    dev.zoomorph.examples.lissajous.main(arrayOf("--headless", dir.toString(), "--frames", "3", "--port", "0"))
    assertFrames(dir, 3, 384, 384)
  }

  @Test
  fun `3 knob directions`(@TempDir dir: Path): Unit = runBlocking {
    dev.zoomorph.examples.knobs.main(arrayOf("--headless", dir.toString(), "--frames", "3", "--port", "0",
        "--knob-port", "0"))
    assertFrames(dir, 3, 128, 128)
  }

  @Test
  fun `4 zoom recording`(@TempDir dir: Path): Unit = runBlocking {
    dev.zoomorph.examples.zoom.main(arrayOf("--headless", dir.toString(), "--frames", "3"))
    assertFrames(dir, 3, 320, 180)
  }

  @Test
  fun `5 encoded arithmetic`(@TempDir dir: Path): Unit = runBlocking {
    dev.zoomorph.examples.arithmetic.main(arrayOf("--headless", dir.toString()))
    assertFrames(dir, 1, 256, 256)
  }
}
