/**
 * The trainer's picocli commands: {@code train}, {@code sample}, {@code encode}, {@code morph}. The server's main
 * registers them as subcommands; {@link dev.zoomorph.trainer.cli.TrainerMain} runs them standalone.
 */
@NullMarked
package dev.zoomorph.trainer.cli;

import org.jspecify.annotations.NullMarked;
