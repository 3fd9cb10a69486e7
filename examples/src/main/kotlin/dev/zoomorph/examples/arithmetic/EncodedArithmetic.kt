// Example 5: latent arithmetic on encoded images — encode(a) - encode(b) + encode(c), "a is to b as ? is to c" —
// rendered at 2048² by the CPPN, which draws a 26-pixel training picture at any size. The pictures are
// Fashion-MNIST test images (Debian's dataset-fashion-mnist); `--a`, `--b`, `--c` pick them by index.
// `examples/run encoded-arithmetic --out arithmetic.png`.
package dev.zoomorph.examples.arithmetic

import dev.zoomorph.engine.generator.Encoder
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.model.ModelFile
import dev.zoomorph.examples.runExample
import dev.zoomorph.kotlin.bundled
import dev.zoomorph.kotlin.minus
import dev.zoomorph.kotlin.plus
import dev.zoomorph.kotlin.preset
import dev.zoomorph.kotlin.render
import dev.zoomorph.kotlin.writePng
import dev.zoomorph.trainer.data.DataSources
import java.nio.file.Files
import java.nio.file.Path
import kotlin.system.exitProcess

suspend fun main(args: Array<String>) = runExample("encoded-arithmetic", args) { options ->
  // The picture is written as PNG (output's one image writer): another extension would name the wrong format.
  options.string("out")?.takeUnless { it.lowercase().endsWith(".png") }?.let {
    System.err.println("encoded-arithmetic: --out must name a .png file (the picture is a PNG), was $it")
    exitProcess(2)
  }
  val model = "fashion-cppn-vae-gan"
  val file = ModelFile.load(model)
  val encoder = Encoder.of(file)
  // The 28² test pictures, centre-cropped to the size the model was trained on (26²).
  val images = DataSources.readIdx(DataSources.FASHION_MNIST_DIR.resolve("t10k-images-idx3-ubyte.gz"),
      "Fashion-MNIST", "MIT").centreCropped(file.metadata().trainingWidth())
  fun encode(index: Int): Latent = encoder.encode(images.images()[index])

  val z = encode(options.int("a", 0)) - encode(options.int("b", 1)) + encode(options.int("c", 2))
  encoder.close()
  val show = preset { this.model = bundled(model) }
  val dir = options.headless
  val side = if (dir == null) 2048 else 256
  val out = if (dir == null) Path.of(options.string("out") ?: "arithmetic.png") else dir.resolve("frame-000.png")
  dir?.let { Files.createDirectories(it) }
  render(show, side, side, latent = z).writePng(out)
  println("encode(a) - encode(b) + encode(c) at ${side}x$side: $out")
}
