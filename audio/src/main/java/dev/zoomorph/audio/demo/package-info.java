/** The audio module's demo: {@link dev.zoomorph.audio.demo.AudioMeter}, run by {@code audio/run}. */
@NullMarked
package dev.zoomorph.audio.demo;

import org.jspecify.annotations.NullMarked;
