// Example 4: a 4K zoom recording to MP4 with a progress callback: the deep-zoom preset, zoom 1 → 64 over ten
// seconds at 30 fps, 3840×2160, a progress line per frame. Ctrl-C (cancelling) leaves a playable file.
// `examples/run zoom-recording --out zoom.mp4`. Headless: a few small frames into a PNG folder.
package dev.zoomorph.examples.zoom

import dev.zoomorph.engine.preset.Presets
import dev.zoomorph.examples.ExampleOption
import dev.zoomorph.examples.runExample
import dev.zoomorph.kotlin.cancelledOnCtrlC
import dev.zoomorph.kotlin.record
import java.nio.file.Path
import kotlinx.coroutines.CancellationException

private val out = ExampleOption("out", "FILE", Path.of("zoom.mp4"), "the MP4 to write", "a file path") { Path.of(it) }

suspend fun main(args: Array<String>) = runExample("zoom-recording", args, out) { options ->
  val dir = options.headless
  val output = dir ?: options[out]
  // Headless: a few small frames into a PNG folder; otherwise ten seconds of 4K.
  val (width, height) = if (dir == null) 3840 to 2160 else 320 to 180
  val seconds = if (dir == null) 10.0 else options.frames / 30.0
  // Ctrl-C cancels the recording, which finishes its frame and the file before the JVM exits.
  val result = try {
    cancelledOnCtrlC {
      record(Presets.load("deep-zoom"), output, width, height, fps = 30.0, seconds = seconds, zoom = 1.0..64.0,
          center = 0.3 to -0.2) { done, total ->
        println("frame $done of $total (${100 * done / total}%)")
      }
    }
  } catch (stopped: CancellationException) {
    println("stopped: $output holds the frames so far")
    return@runExample
  }
  println("${result.complete()} frames in $output, ${result.renderTime().toMillis()} ms rendering")
}
