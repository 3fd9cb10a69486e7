// Example 5: latent arithmetic on encoded images — encode(a) - encode(b) + encode(c), "a is to b as ? is to c" —
// rendered at 2048² by the CPPN, which draws a 26-pixel training picture at any size. The pictures are
// Fashion-MNIST test images (Debian's dataset-fashion-mnist); `--a`, `--b`, `--c` pick them by index.
// `examples/run encoded-arithmetic --out arithmetic.png`.
package dev.zoomorph.examples.arithmetic

import dev.zoomorph.engine.generator.Encoder
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.model.ModelFile
import dev.zoomorph.examples.ExampleOption
import dev.zoomorph.examples.intOption
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

// The picture is written as PNG (output's one image writer): another extension would name the wrong format.
private val out = ExampleOption("out", "FILE", Path.of("arithmetic.png"), "the PNG to write",
    "a .png file (the picture is a PNG)") { text -> Path.of(text).takeIf { text.lowercase().endsWith(".png") } }

// Fashion-MNIST's test set holds 10,000 pictures.
private val a = intOption("a", 0, 0..9999, "the test picture a, by index")
private val b = intOption("b", 1, 0..9999, "the test picture b, by index")
private val c = intOption("c", 2, 0..9999, "the test picture c, by index")

suspend fun main(args: Array<String>) = runExample("encoded-arithmetic", args, out, a, b, c) { options ->
  val model = "fashion-cppn-vae-gan"
  val file = ModelFile.load(model)
  val encoder = Encoder.of(file)
  // The 28² test pictures, centre-cropped to the size the model was trained on (26²).
  val images = DataSources.readIdx(DataSources.FASHION_MNIST_DIR.resolve("t10k-images-idx3-ubyte.gz"),
      "Fashion-MNIST", "MIT").centreCropped(file.metadata().trainingWidth())
  fun encode(index: Int): Latent = encoder.encode(images.images()[index])

  val z = encode(options[a]) - encode(options[b]) + encode(options[c])
  encoder.close()
  val show = preset { this.model = bundled(model) }
  val dir = options.headless
  val side = if (dir == null) 2048 else 256
  val picture = if (dir == null) options[out] else dir.resolve("frame-000.png")
  dir?.let { Files.createDirectories(it) }
  render(show, side, side, latent = z).writePng(picture)
  println("encode(a) - encode(b) + encode(c) at ${side}x$side: $picture")
}
