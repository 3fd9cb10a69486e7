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
import picocli.CommandLine
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Model.OptionSpec
import picocli.CommandLine.ParameterException
import picocli.CommandLine.ParseResult
import picocli.CommandLine.TypeConversionException
import picocli.CommandLine.UnmatchedArgumentException

/**
 * An option an example takes, `--NAME LABEL`: [meaning] and [default] are its line in the example's usage, and
 * [read] turns the text given into the value, or into null when the text is not [allowed].
 */
class ExampleOption<T>(
  val name: String,
  private val label: String,
  val default: T,
  private val meaning: String,
  private val allowed: String,
  private val read: (String) -> T?,
) {
  internal fun spec(): OptionSpec = OptionSpec.builder("--$name")
    .paramLabel(label)
    .arity("1")
    .type(Any::class.java)
    .description(if (default == null) meaning else "$meaning (default $default)")
    .converters(CommandLine.ITypeConverter { text ->
      read(text) ?: throw TypeConversionException("'$text' is not $allowed")
    })
    .build()
}

/** `--NAME N`, a whole number in [range]. */
fun intOption(name: String, default: Int, range: IntRange, meaning: String, label: String = "N") =
  ExampleOption(name, label, default, meaning,
      if (range.last == Int.MAX_VALUE) "a whole number, ${range.first} or more"
      else "a whole number from ${range.first} to ${range.last}") { text -> text.toIntOrNull()?.takeIf { it in range } }

/** `--NAME P`, a TCP or UDP port; 0 asks for any free one. */
fun portOption(name: String, default: Int, meaning: String) =
  intOption(name, default, 0..65535, "$meaning; 0: any free one", label = "P")

/** `--headless DIR`, which every example takes. */
private val HEADLESS = ExampleOption<Path?>("headless", "DIR", null,
    "render a few frames into DIR as PNG files and exit, instead of playing", "a folder") { Path.of(it) }

/** `--frames N`, which every example takes. */
private val FRAMES = intOption("frames", 3, 1..Int.MAX_VALUE, "how many frames --headless renders")

/** The options given to an example, each one read as its [ExampleOption] says. */
class ExampleArgs internal constructor(private val parsed: ParseResult) {
  /** The value given for [option], or its default. */
  operator fun <T> get(option: ExampleOption<T>): T = parsed.matchedOptionValue("--${option.name}", option.default)

  /** Where headless frames go, or null to play live. */
  val headless: Path? get() = this[HEADLESS]

  /** How many frames a headless run renders. */
  val frames: Int get() = this[FRAMES]
}

/**
 * Reads program [name]'s [args] as [options] (`--name value` each). `--help` lists them and exits; an option it does
 * not take, or a value an option does not allow, ends it with one line on standard error naming the option and the
 * value, and exit status 2 (an unknown option also lists the options it takes).
 */
fun exampleArgs(name: String, args: Array<String>, options: List<ExampleOption<*>>): ExampleArgs {
  val spec = CommandSpec.create().name("examples/run $name")
  spec.usageMessage().width(100)
  spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("list these options and exit").build())
  options.forEach { spec.addOption(it.spec()) }
  val commandLine = CommandLine(spec)
  try {
    val parsed = commandLine.parseArgs(*args)
    if (parsed.isUsageHelpRequested) {
      commandLine.usage(System.out)
      exitProcess(0)
    }
    return ExampleArgs(parsed)
  } catch (e: ParameterException) {
    System.err.println("$name: ${e.message}")
    if (e is UnmatchedArgumentException) {
      UnmatchedArgumentException.printSuggestions(e, System.err)
      commandLine.usage(System.err)
    }
    exitProcess(2)
  }
}

/**
 * Runs example [name]'s [body] with its [options], [HEADLESS] and [FRAMES] read from [args] by [exampleArgs]. A show
 * that cannot start ([ServeException]: a port taken, a MIDI input missing) ends it with one line on standard error,
 * `NAME: what to change`, and exit status 1, as `./zoomorph serve` ends: the message says what to do, a stack trace
 * would bury it.
 */
suspend fun runExample(name: String, args: Array<String>, vararg options: ExampleOption<*>,
    body: suspend (ExampleArgs) -> Unit) {
  val given = exampleArgs(name, args, options.toList() + HEADLESS + FRAMES)
  try {
    body(given)
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
