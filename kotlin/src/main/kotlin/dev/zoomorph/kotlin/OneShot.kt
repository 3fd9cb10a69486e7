package dev.zoomorph.kotlin

import dev.zoomorph.engine.generator.Frame
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.preset.Preset
import dev.zoomorph.engine.preset.ViewSpec
import dev.zoomorph.render.Backend
import dev.zoomorph.render.PostProcessing
import dev.zoomorph.render.RenderBackends
import dev.zoomorph.render.RenderOptions
import dev.zoomorph.render.record.Recorder
import dev.zoomorph.render.record.RecordResult
import dev.zoomorph.render.record.RecordSettings
import dev.zoomorph.render.record.Stills
import dev.zoomorph.render.record.ZoomPath
import java.nio.file.Path
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext

// One-shot work as suspend functions: the blocking Java call runs on Dispatchers.IO, and the generator it needs is
// made and closed around it.

/** The latent [preset]'s trajectory is at on frame 0: what `zoomorph render` shows without `--frame`. */
fun Preset.firstLatent(): Latent = trajectory().toTrajectory(model().latentSize()).start(30.0).latent()

/**
 * One frame of [preset]'s model at [width]×[height] (up to 16384², rendered in tiles of [tileSide]), showing [latent]
 * through [view] with the preset's post-processing. The generator is made for this call and freed after it.
 */
suspend fun render(preset: Preset, width: Int, height: Int, latent: Latent = preset.firstLatent(),
    view: ViewSpec = preset.view(), backend: Backend = Backend.AUTO,
    tileSide: Int = RecordSettings.DEFAULT_TILE_SIDE): Frame = withContext(Dispatchers.IO) {
  val frameView = view.at(width, height)
  RenderBackends.forModel(preset.model(), backend, RenderOptions(PostProcessing.of(preset.post()))).use {
    Stills.render(it, latent, frameView, tileSide)
  }
}

/** Writes this frame as a PNG, atomically ([Stills.writePng]). */
suspend fun Frame.writePng(file: Path) = withContext(Dispatchers.IO) { Stills.writePng(this@writePng, file) }

/**
 * Records [preset] as [settings] say (MP4, GIF or a PNG folder, by the output's name), the latents being the
 * preset's trajectory frame by frame at the recording's frame rate, and tells [progress] after every frame.
 * Cancelling asks the recorder to stop: the frame under way is finished and the output finalised (an MP4 stays
 * playable) before the cancellation goes on.
 *
 * @throws IllegalArgumentException when the settings cannot be recorded (output exists, size not encodable, …),
 *     before anything is rendered
 */
suspend fun record(preset: Preset, settings: RecordSettings, backend: Backend = Backend.AUTO,
    progress: (done: Int, total: Int) -> Unit = { _, _ -> }): RecordResult = coroutineScope {
  val recorder = Recorder(settings)
  val run = preset.trajectory().toTrajectory(preset.model().latentSize()).start(settings.fps())
  val latents = generateSequence { run.next() }.iterator()
  val result = async(Dispatchers.IO) {
    RenderBackends.forModel(preset.model(), backend, RenderOptions(PostProcessing.of(preset.post()))).use {
      recorder.run(it, latents, progress)
    }
  }
  try {
    result.await()
  } catch (e: CancellationException) {
    recorder.stop()
    withContext(NonCancellable) { result.join() }
    throw e
  }
}

/**
 * Settings for a zoom of [seconds] at [fps] from zoom [zoom].start to .endInclusive about ([centerX], [centerY]),
 * to [output]: `.mp4`, `.gif` or a folder of PNGs.
 */
fun zoomRecording(width: Int, height: Int, fps: Double, seconds: Double, output: Path,
    zoom: ClosedFloatingPointRange<Double> = 1.0..1.0, centerX: Double = 0.0, centerY: Double = 0.0): RecordSettings =
  RecordSettings.of(width, height, fps, seconds, ZoomPath(zoom.start, zoom.endInclusive, centerX, centerY, 0.0), output)
