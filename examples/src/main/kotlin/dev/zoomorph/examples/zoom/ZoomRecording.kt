// Example 4: a 4K zoom recording to MP4 with a progress callback: the deep-zoom preset, zoom 1 → 64 over ten
// seconds at 30 fps, 3840×2160, a progress line per frame. Ctrl-C (cancelling) leaves a playable file.
// `examples/run zoom-recording --out zoom.mp4`. Headless: a few small frames into a PNG folder.
package dev.zoomorph.examples.zoom

import dev.zoomorph.engine.preset.Presets
import dev.zoomorph.examples.ExampleArgs
import dev.zoomorph.kotlin.record
import dev.zoomorph.kotlin.zoomRecording
import java.nio.file.Path

suspend fun main(args: Array<String>) {
  val options = ExampleArgs(args)
  val dir = options.headless
  val settings = if (dir == null) {
    zoomRecording(3840, 2160, fps = 30.0, seconds = 10.0, output = Path.of(options.string("out") ?: "zoom.mp4"),
        zoom = 1.0..64.0, centerX = 0.3, centerY = -0.2)
  } else {
    zoomRecording(320, 180, fps = 30.0, seconds = options.frames / 30.0, output = dir, zoom = 1.0..64.0,
        centerX = 0.3, centerY = -0.2)
  }
  val result = record(Presets.load("deep-zoom"), settings) { done, total ->
    println("frame $done of $total (${100 * done / total}%)")
  }
  println("${result.complete()} frames in ${settings.output()}, ${result.renderTime().toMillis()} ms rendering")
}
