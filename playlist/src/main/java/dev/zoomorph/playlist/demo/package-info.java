/** The playlist module's runnable demo ({@code playlist/README.md}). */
@NullMarked
package dev.zoomorph.playlist.demo;

import org.jspecify.annotations.NullMarked;
