// Example 2: a custom trajectory written as a Kotlin Flow — a Lissajous path through latent space, each component
// swinging at its own frequency — driving a stream (the browser) or, with `--window true`, a window as well.
// `examples/run lissajous-flow`.
package dev.zoomorph.examples.lissajous

import dev.zoomorph.examples.ExampleOption
import dev.zoomorph.examples.portOption
import dev.zoomorph.examples.runExample
import dev.zoomorph.examples.saveTo
import dev.zoomorph.kotlin.bundled
import dev.zoomorph.kotlin.follow
import dev.zoomorph.kotlin.latent
import dev.zoomorph.kotlin.show
import kotlin.math.sin
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow

/** A Lissajous figure in [size] dimensions at [fps]: component i is `1.5 sin(ω_i t + i)`, ω_i = 0.5 (i mod 5 + 1). */
fun lissajous(size: Int, fps: Double) = flow {
  var t = 0.0
  while (true) {
    emit(latent(size) { i -> 1.5 * sin(0.5 * (i % 5 + 1) * t + i) })
    delay((1000 / fps).toLong())
    t += 1 / fps
  }
}

private val port = portOption("port", 8080, "HTTP port of the viewer page")
private val window = ExampleOption("window", "true|false", false, "also show the output in a window", "true or false") {
  it.toBooleanStrictOrNull()
}

suspend fun main(args: Array<String>) = runExample("lissajous-flow", args, port, window) { options ->
  val fashion = bundled("fashion-cppn-vae-gan")
  show {
    model = fashion
    latents = follow(lissajous(fashion.latentSize(), fps = 30.0))
    renderScale = 1.0
    size(384, 384)
    serve(port = options[port])
    if (options[window]) window()
  }.play {
    println("watch http://127.0.0.1:$httpPort/")
    val dir = options.headless
    if (dir == null) awaitCancellation() else frameFlow().saveTo(dir, options.frames)
  }
}
