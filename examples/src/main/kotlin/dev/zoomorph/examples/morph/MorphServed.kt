// Example 1: a morph between bundled-model keyframes, served to the browser.
// A show in a few lines of the DSL: a trained model, eight seeded keyframes three seconds apart, a palette, and
// the viewer page at http://127.0.0.1:8080/. Play it with `examples/run morph-served`.
package dev.zoomorph.examples.morph

import dev.zoomorph.examples.portOption
import dev.zoomorph.examples.runExample
import dev.zoomorph.examples.saveTo
import dev.zoomorph.kotlin.bundled
import dev.zoomorph.kotlin.morph
import dev.zoomorph.kotlin.show
import kotlinx.coroutines.awaitCancellation

private val port = portOption("port", 8080, "HTTP port of the viewer page")

suspend fun main(args: Array<String>) = runExample("morph-served", args, port) { options ->
  show {
    model = bundled("fashion-cppn-vae-gan")
    trajectory = morph(keyframes = 8, secondsPerSegment = 3.0)
    post { palette = "fire" }
    size(512, 512)
    serve(port = options[port])
  }.play {
    println("watch http://127.0.0.1:$httpPort/")
    val dir = options.headless
    if (dir == null) awaitCancellation() else frameFlow().saveTo(dir, options.frames)
  }
}
