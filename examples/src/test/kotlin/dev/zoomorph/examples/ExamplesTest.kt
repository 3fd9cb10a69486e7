package dev.zoomorph.examples

import dev.zoomorph.examples.arithmetic.main as encodedArithmetic
import dev.zoomorph.examples.knobs.main as knobDirections
import dev.zoomorph.examples.lissajous.main as lissajousFlow
import dev.zoomorph.examples.morph.main as morphServed
import dev.zoomorph.examples.zoom.main as zoomRecording
import dev.zoomorph.testing.ChildJvm
import java.net.InetAddress
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import javax.imageio.ImageIO
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.bytedeco.javacv.FFmpegFrameGrabber
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir

/** Every example, run as `examples/run` runs it but headless: real generators, real sockets, frames to a folder. */
@Timeout(120)
class ExamplesTest {

  private fun framesIn(dir: Path): List<Path> =
    Files.list(dir).use { files ->
      files.filter { it.fileName.toString().matches(Regex("frame-\\d+\\.png")) }.sorted().toList()
    }

  private fun assertFrames(dir: Path, count: Int, width: Int, height: Int) {
    val frames = framesIn(dir)
    assertThat(frames).hasSize(count)
    frames.forEach {
      val image = ImageIO.read(it.toFile())
      assertThat(image.width).isEqualTo(width)
      assertThat(image.height).isEqualTo(height)
    }
  }

  /** Runs a serving example headless for [frames] frames on a free port, asking its /health while it plays. */
  private fun served(frames: Int, main: suspend (Array<String>) -> Unit, vararg args: String): Unit = runBlocking {
    val port = ServerSocket(0).use { it.localPort }
    val example = async(Dispatchers.Default) { main(arrayOf("--port", port.toString(), "--frames", "$frames", *args)) }
    var health: Int? = null // 503 until the first frame is fresh, then 200
    while (health != 200 && !example.isCompleted) {
      health = try {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode()
      } catch (e: java.io.IOException) {
        null
      }
      if (health != 200) delay(20)
    }
    example.await()
    assertThat(health).describedAs("the example's /health while it played").isEqualTo(200)
  }

  private val http = HttpClient.newHttpClient()

  @Test
  fun `1 morph served`(@TempDir dir: Path) {
    served(30, ::morphServed, "--headless", dir.toString())
    assertFrames(dir, 30, 512, 512) // the default preset renders every pixel of 512²
  }

  /**
   * A port already taken ends the example as `./zoomorph serve` ends: one line saying what to change (the library's
   * setting, `serve(PORT)`, which the example calls), status 1.
   */
  @Test
  fun `a taken port is one line and exit status 1`(@TempDir dir: Path) {
    ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { taken ->
      val run = ChildJvm.run(Duration.ofMinutes(2), mapOf(), listOf(), "dev.zoomorph.examples.morph.MorphServedKt",
          "--port", taken.localPort.toString(), "--headless", dir.toString())
      assertThat(run.exitCode()).describedAs(run.output()).isEqualTo(1)
      assertThat(run.output().lines()).describedAs(run.output())
          .anyMatch { it.startsWith("morph-served: serve(${taken.localPort}): cannot listen on 127.0.0.1:${taken.localPort}") }
      assertThat(run.output()).doesNotContain("Exception", "\tat ")
    }
  }

  @Test
  fun `2 lissajous flow`(@TempDir dir: Path) {
    served(30, ::lissajousFlow, "--headless", dir.toString(), "--window", "false")
    assertFrames(dir, 30, 384, 384)
  }

  @Test
  fun `3 knob directions`(@TempDir dir: Path) {
    served(30, ::knobDirections, "--headless", dir.toString(), "--knob-port", "0")
    assertFrames(dir, 30, 256, 256)
  }

  @Test
  fun `4 zoom recording`(@TempDir dir: Path): Unit = runBlocking {
    zoomRecording(arrayOf("--headless", dir.toString(), "--frames", "3"))
    assertFrames(dir, 3, 320, 180)
  }

  /**
   * `examples/run zoom-recording --out zoom.mp4` stopped by Ctrl-C once it has written a frame: it exits 130 and the
   * MP4 plays (the recording coroutine was cancelled and finished the file before the JVM exited).
   */
  @Test
  @Timeout(300)
  fun `4 zoom recording stopped by Ctrl-C leaves a playable MP4`(@TempDir dir: Path) {
    val movie = dir.resolve("zoom.mp4")
    val log = dir.resolve("child.log")
    val process = ChildJvm.start(ProcessBuilder(ChildJvm.command(listOf(),
        "dev.zoomorph.examples.zoom.ZoomRecordingKt", "--out", movie.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()))
    val deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4)
    while (!Files.readString(log).contains("frame 1 of 300") && process.isAlive) {
      assertThat(System.nanoTime()).describedAs("the first frame by now").isLessThan(deadline)
      Thread.sleep(100)
    }
    assertThat(process.isAlive).describedAs(Files.readString(log)).isTrue()
    ChildJvm.interrupt(process)
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue()
    assertThat(process.exitValue()).describedAs(Files.readString(log)).isEqualTo(130)
    FFmpegFrameGrabber(movie.toFile()).use { grabber ->
      grabber.start()
      assertThat(grabber.imageWidth).isEqualTo(3840)
      var frames = 0
      while (grabber.grabImage() != null) frames++
      assertThat(frames).isBetween(1, 299)
      grabber.stop()
    }
  }

  @Test
  fun `5 encoded arithmetic`(@TempDir dir: Path): Unit = runBlocking {
    encodedArithmetic(arrayOf("--headless", dir.toString(), "--a", "3", "--b", "4", "--c", "9999"))
    assertFrames(dir, 1, 256, 256)
  }

  /** `--out arith.jpg` is refused in one line, exit 2, before any work: the example writes PNG only. */
  @Test
  fun `5 encoded arithmetic refuses an out that is not a png`(@TempDir dir: Path) {
    val jpg = dir.resolve("arith.jpg")
    assertThat(refused("arithmetic.EncodedArithmeticKt", "--out", jpg.toString())).containsExactly(
        "encoded-arithmetic: Invalid value for option '--out': '$jpg' is not a .png file (the picture is a PNG)")
    assertThat(jpg).doesNotExist()
  }

  /** A mistyped option is refused, naming it and listing the options the example takes, before any work. */
  @Test
  fun `an unknown option is refused with the options the example takes`(@TempDir dir: Path) {
    val lines = refused("morph.MorphServedKt", "--port", "0", "--headless", dir.toString(), "--frmes", "10")
    assertThat(lines.first()).isEqualTo("morph-served: Unknown options: '--frmes', '10'")
    assertThat(lines).contains("Possible solutions: --frames")
    listOf("--port=P", "--headless=DIR", "--frames=N", "--help").forEach { option ->
      assertThat(lines).describedAs("the listing names $option").anyMatch { it.trim().startsWith(option) }
    }
    assertThat(framesIn(dir)).isEmpty()
  }

  /** A value an option does not allow is refused in one line naming the option, the value and what is allowed. */
  @Test
  fun `a bad value is refused in one line`() {
    assertThat(refused("arithmetic.EncodedArithmeticKt", "--a", "x")).containsExactly(
        "encoded-arithmetic: Invalid value for option '--a': 'x' is not a whole number from 0 to 9999")
    assertThat(refused("arithmetic.EncodedArithmeticKt", "--a", "999999")).containsExactly(
        "encoded-arithmetic: Invalid value for option '--a': '999999' is not a whole number from 0 to 9999")
    assertThat(refused("morph.MorphServedKt", "--frames", "-1")).containsExactly(
        "morph-served: Invalid value for option '--frames': '-1' is not a whole number, 1 or more")
    assertThat(refused("lissajous.LissajousFlowKt", "--window", "yes")).containsExactly(
        "lissajous-flow: Invalid value for option '--window': 'yes' is not true or false")
  }

  /** `--help` lists the options, their meaning and their defaults, and exits 0. */
  @Test
  fun `help lists the options`() {
    val run = ChildJvm.run(Duration.ofMinutes(1), mapOf(), listOf(), "dev.zoomorph.examples.knobs.KnobDirectionsKt",
        "--help")
    assertThat(run.exitCode()).describedAs(run.output()).isEqualTo(0)
    assertThat(run.output()).contains("Usage: examples/run knob-directions",
        "UDP port of the OSC knobs; 0: any free one (default 9001)", "--midi=NAME")
  }

  /**
   * Runs example [mainClass] (a class under dev.zoomorph.examples) in a child JVM that must refuse [args] with exit
   * status 2 and no stack trace, and returns the lines it wrote.
   */
  private fun refused(mainClass: String, vararg args: String): List<String> {
    val run = ChildJvm.run(Duration.ofMinutes(1), mapOf(), listOf(), "dev.zoomorph.examples.$mainClass", *args)
    assertThat(run.exitCode()).describedAs(run.output()).isEqualTo(2)
    assertThat(run.output()).doesNotContain("Exception", "\tat ")
    return run.output().trim().lines()
  }
}
