package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.midi.ClockEvent
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir

/** The Kotlin compiler, with this build's arguments, refuses a JSpecify @Nullable read as non-null. */
@Timeout(110)
class StrictNullnessTest {
  private fun location(type: Class<*>): String = File(type.protectionDomain.codeSource.location.toURI()).path

  private fun compile(dir: Path, source: String): Pair<ExitCode, String> {
    val file = dir.resolve("Snippet.kt")
    Files.writeString(file, source)
    val classpath = listOf(ClockEvent::class.java, org.jspecify.annotations.Nullable::class.java, Unit::class.java)
        .joinToString(File.pathSeparator) { location(it) }
    val messages = java.io.ByteArrayOutputStream()
    val code = K2JVMCompiler().exec(java.io.PrintStream(messages, true), "-no-stdlib", "-no-reflect", "-Werror",
        "-Xjspecify-annotations=strict", "-classpath", classpath, "-d", dir.resolve("out").toString(), file.toString())
    return code to messages.toString()
  }

  @Test
  fun `a nullable read as non-null does not compile, read as nullable it does`(@TempDir dir: Path) {
    val (bad, badMessages) = compile(dir, """
        fun control(event: dev.zoomorph.engine.control.midi.ClockEvent): dev.zoomorph.engine.control.ControlMessage =
            event.control()
        """.trimIndent())
    assertThat(bad).isEqualTo(ExitCode.COMPILATION_ERROR)
    assertThat(badMessages).contains("ControlMessage?")

    val (good, goodMessages) = compile(dir, """
        fun control(event: dev.zoomorph.engine.control.midi.ClockEvent): dev.zoomorph.engine.control.ControlMessage? =
            event.control()
        """.trimIndent())
    assertThat(good).withFailMessage(goodMessages).isEqualTo(ExitCode.OK)
  }
}
