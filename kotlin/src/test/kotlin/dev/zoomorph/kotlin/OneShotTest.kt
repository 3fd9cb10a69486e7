package dev.zoomorph.kotlin

import dev.zoomorph.render.Backend
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import javax.imageio.ImageIO
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir

@Timeout(120)
class OneShotTest {
  private val small = preset {
    model = randomCppn(latentSize = 8, width = 8, depth = 2, channels = 3)
    trajectory = morph(keyframes = 2, secondsPerSegment = 0.5)
  }

  @Test
  fun `render suspends for one frame and writes it as a PNG`(@TempDir dir: Path): Unit = runBlocking {
    val frame = render(small, 96, 64, backend = Backend.CPU, tileSide = 32)
    assertThat(frame.width()).isEqualTo(96)
    assertThat(frame.height()).isEqualTo(64)
    frame.writePng(dir.resolve("still.png"))
    val image = ImageIO.read(dir.resolve("still.png").toFile())
    assertThat(image.width).isEqualTo(96)
  }

  @Test
  fun `record tells progress per frame and makes a movie`(@TempDir dir: Path): Unit = runBlocking {
    val progress = CopyOnWriteArrayList<Int>()
    val out = dir.resolve("zoom.mp4")
    val result = record(small, out, 64, 64, fps = 10.0, seconds = 0.4, zoom = 1.0..4.0,
        backend = Backend.CPU) { done, _ -> progress.add(done) }
    assertThat(result.complete()).isEqualTo(4)
    assertThat(progress).containsExactly(0, 1, 2, 3, 4)
    assertThat(Files.size(out)).isGreaterThan(0)
  }

  @Test
  fun `cancelling a recording stops it with the frames so far written`(@TempDir dir: Path): Unit = runBlocking {
    val folder = dir.resolve("frames")
    val firstFrame = kotlinx.coroutines.CompletableDeferred<Unit>()
    val recording = async(Dispatchers.Default) {
      record(small, folder, 64, 64, fps = 10.0, seconds = 100.0, backend = Backend.CPU) { done, _ ->
        if (done >= 1) firstFrame.complete(Unit)
      }
    }
    withTimeout(60_000) { firstFrame.await() }
    recording.cancel()
    assertThatThrownBy { runBlocking { recording.await() } }.isInstanceOf(CancellationException::class.java)
    val frames = Files.list(folder).use { files -> files.filter { it.toString().endsWith(".png") }.count() }
    assertThat(frames).isBetween(1L, 999L)
  }

  @Test
  fun `bad settings are refused before anything renders`(@TempDir dir: Path) {
    val existing = Files.createFile(dir.resolve("taken.mp4"))
    assertThatThrownBy { runBlocking { record(small, existing, 64, 64, seconds = 1.0) } }
        .isInstanceOf(IllegalArgumentException::class.java).hasMessageContaining("already exists")
  }
}
