// Benchmark, not an example: frames per second of example 1's show started through the Kotlin DSL against the same
// show started by `./zoomorph serve` with the equivalent preset file, alternating in one run; both read from /health
// (the render loop's own fps over its last two seconds), both asking for 240 fps so the renderer is the limit.
// `examples/run morph-fps-bench [--rounds 3] [--seconds 10]`; numbers go into BENCHMARKS.md.
package dev.zoomorph.examples.bench

import dev.zoomorph.engine.preset.Presets
import dev.zoomorph.examples.exampleArgs
import dev.zoomorph.examples.intOption
import dev.zoomorph.kotlin.bundled
import dev.zoomorph.kotlin.morph
import dev.zoomorph.kotlin.preset
import dev.zoomorph.kotlin.show
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking

private val http = HttpClient.newHttpClient()

/** The fps /health reports, or null while the server is not up. */
private fun healthFps(port: Int): Double? = try {
  val body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/health"))
      .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body()
  Regex("\"fps\"\\s*:\\s*([0-9.]+)").find(body)?.groupValues?.get(1)?.toDouble()
} catch (e: java.io.IOException) {
  null
}

/** Mean of /health's fps sampled every second over [seconds], after a warm-up of 4 s. */
private suspend fun sample(port: Int, seconds: Int): Double {
  while (healthFps(port) == null) delay(200)
  delay(4_000)
  return List(seconds) { delay(1_000); healthFps(port) ?: 0.0 }.average()
}

private fun freePort(): Int = ServerSocket(0).use { it.localPort }

private val roundsOption = intOption("rounds", 3, 1..Int.MAX_VALUE, "rounds, each sampling both shows")
private val secondsOption = intOption("seconds", 10, 1..Int.MAX_VALUE, "seconds each show is sampled in a round")

fun main(args: Array<String>) = runBlocking {
  val options = exampleArgs("morph-fps-bench", args, listOf(roundsOption, secondsOption))
  val rounds = options[roundsOption]
  val seconds = options[secondsOption]
  val plan = {
    show {
      model = bundled("fashion-cppn-vae-gan")
      trajectory = morph(keyframes = 8, secondsPerSegment = 3.0)
      post { palette = "fire" }
      size(512, 512)
      fps = 240.0
      serve(port = 0)
    }
  }
  val presetFile = Files.createTempFile("morph-served", ".json")
  // The equivalent preset: the same fields, written by the loader's own writer.
  Presets.write(preset {
    model = bundled("fashion-cppn-vae-gan")
    trajectory = morph(keyframes = 8, secondsPerSegment = 3.0)
    post { palette = "fire" }
  }, presetFile)
  val root = Path.of(System.getProperty("zoomorph.root", "."))
  val kotlin = mutableListOf<Double>()
  val cli = mutableListOf<Double>()
  repeat(rounds) { round ->
    kotlin += plan().play { sample(httpPort!!, seconds) }
    val port = freePort()
    val process = ProcessBuilder(root.resolve("zoomorph").toString(), "serve", "--preset", presetFile.toString(),
        "--size", "512x512", "--fps", "240", "--port", port.toString(), "--osc-port", freePort().toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
    try {
      cli += sample(port, seconds)
    } finally {
      process.destroy()
      process.waitFor()
    }
    println("round ${round + 1}: kotlin DSL %.1f fps, ./zoomorph serve %.1f fps".format(kotlin.last(), cli.last()))
  }
  println("mean: kotlin DSL %.1f fps, ./zoomorph serve %.1f fps, ratio %.3f".format(kotlin.average(), cli.average(),
      kotlin.average() / cli.average()))
  Files.delete(presetFile)
}
