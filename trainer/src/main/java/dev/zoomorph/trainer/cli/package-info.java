/**
 * The trainer's picocli commands: {@code train}, {@code sample}, {@code encode}, {@code morph}, {@code evaluate}.
 * The server's {@code zoomorph} command line registers them as subcommands.
 */
@NullMarked
package dev.zoomorph.trainer.cli;

import org.jspecify.annotations.NullMarked;
