package dev.zoomorph.examples

import dev.zoomorph.engine.generator.Frame
import dev.zoomorph.kotlin.writePng
import dev.zoomorph.server.ServeException
import java.nio.file.Files
import java.nio.file.Path
import kotlin.system.exitProcess
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collectIndexed
import kotlinx.coroutines.flow.take

/**
 * The options every example takes: `--headless DIR` renders a few frames (`--frames N`, default 3) into DIR and
 * returns instead of playing forever; `--port P` for the examples that serve (0: any free one).
 */
class ExampleArgs(args: Array<String>) {
  private val options: Map<String, String> = args.toList().chunked(2).associate { pair ->
    require(pair.size == 2 && pair[0].startsWith("--")) { "options come as --name value pairs, got ${args.toList()}" }
    pair[0].removePrefix("--") to pair[1]
  }

  /** Where headless frames go, or null to play live. */
  val headless: Path? = options["headless"]?.let { Path.of(it) }

  /** How many frames a headless run renders. */
  val frames: Int = int("frames", 3)

  /** Option [name] as a number, or [default]. */
  fun int(name: String, default: Int): Int = options[name]?.toInt() ?: default

  /** Option [name] as text, or null. */
  fun string(name: String): String? = options[name]
}

/**
 * Runs example [name]'s [body] with its options. A show that cannot start ([ServeException]: a port taken, a MIDI
 * input missing) ends it with one line on standard error, `NAME: what to change`, and exit status 1, as
 * `./zoomorph serve` ends: the message says what to do, a stack trace would bury it.
 */
suspend fun runExample(name: String, args: Array<String>, body: suspend (ExampleArgs) -> Unit) {
  val options = ExampleArgs(args)
  try {
    body(options)
  } catch (e: ServeException) {
    System.err.println("$name: ${e.message}")
    exitProcess(1)
  }
}

/** Writes the first [count] frames of this flow to [dir] as frame-000.png, frame-001.png, … */
suspend fun Flow<Frame>.saveTo(dir: Path, count: Int) {
  Files.createDirectories(dir)
  take(count).collectIndexed { i, frame -> frame.writePng(dir.resolve("frame-%03d.png".format(i))) }
}
