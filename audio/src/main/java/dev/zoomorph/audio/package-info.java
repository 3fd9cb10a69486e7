/**
 * Audio reactivity: sound becomes {@link dev.zoomorph.engine.show.AudioFeatures} ({@link
 * dev.zoomorph.audio.AudioAnalyzer}), live from a capture device ({@link dev.zoomorph.audio.AudioInput}) or from a
 * track on a video's own timeline ({@link dev.zoomorph.audio.AudioTrack}, {@link dev.zoomorph.audio.FrameFeatures}),
 * and features become control messages through a preset's audio bindings ({@link dev.zoomorph.audio.AudioControls}),
 * attached to a show's control bus like any other input.
 *
 * <pre>{@code
 * AudioInput input = AudioInput.open("default", () -> show.preset().audio());
 * show.measureAudioWith(input::latest);                       // /zoomorph/audio/... read the features
 * bus.attach(AudioControls.INPUT, new AudioControls(show::preset).controls(input.features()));
 * }</pre>
 */
@NullMarked
package dev.zoomorph.audio;

import org.jspecify.annotations.NullMarked;
