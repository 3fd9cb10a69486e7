package dev.zoomorph.kotlin

import dev.zoomorph.engine.generator.Frame
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.preset.Preset
import dev.zoomorph.engine.preset.ViewSpec
import dev.zoomorph.output.Png
import dev.zoomorph.render.Backend
import dev.zoomorph.render.PostProcessing
import dev.zoomorph.render.RenderBackends
import dev.zoomorph.render.RenderOptions
import dev.zoomorph.render.record.RecordResult
import dev.zoomorph.render.record.RecordSettings
import dev.zoomorph.render.record.Stills
import dev.zoomorph.server.Recording
import dev.zoomorph.server.Zoomorph
import java.nio.file.Path
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking
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

/** Writes this frame as a PNG, atomically ([Png.write]). */
suspend fun Frame.writePng(file: Path) = withContext(Dispatchers.IO) { Png.write(this@writePng, file) }

/**
 * Runs this recording ([Recording.prepare], then [Recording.run] off the caller's thread), telling [progress] after
 * every frame. Cancelling asks it to stop: the frame under way is finished and the output finalised (an MP4 stays
 * playable) before the cancellation goes on.
 *
 * @throws IllegalArgumentException when the recording cannot be made (output exists, size not encodable, a timeline
 *     line the show refuses, …), before anything is rendered
 */
suspend fun Recording.await(progress: (done: Int, total: Int) -> Unit = { _, _ -> }): RecordResult = coroutineScope {
  withContext(Dispatchers.IO) { prepare() }
  val result = async(Dispatchers.IO) { run { done, total -> progress(done, total) } }
  try {
    result.await()
  } catch (e: CancellationException) {
    stop()
    withContext(NonCancellable) { result.join() }
    throw e
  }
}

/**
 * Records [preset] as `zoomorph record` does ([Zoomorph.record]: the show on frame-exact time) to [output] (`.mp4`,
 * `.gif` or a folder of PNGs): [width]×[height] at [fps] for [seconds], zooming over [zoom] (default: the preset's
 * zoom, held) about [center] (default: the preset's), optionally played by a [controls] timeline. See [await] for
 * progress and cancelling; [Zoomorph.record] has the rest (seed, rotation, tiles, shards, resume).
 */
suspend fun record(preset: Preset, output: Path, width: Int = 512, height: Int = 512, fps: Double = 30.0,
    seconds: Double = 10.0, zoom: ClosedFloatingPointRange<Double>? = null, center: Pair<Double, Double>? = null,
    controls: Path? = null, backend: Backend = Backend.AUTO,
    progress: (done: Int, total: Int) -> Unit = { _, _ -> }): RecordResult {
  val recording = Zoomorph.record(preset).size(width, height).fps(fps).seconds(seconds).backend(backend).to(output)
  zoom?.let { recording.zoom(it.start, it.endInclusive) }
  center?.let { recording.center(it.first, it.second) }
  controls?.let(recording::controls)
  return recording.await(progress)
}

/**
 * Runs [block], cancelling it when the JVM is asked to stop (Ctrl-C, SIGTERM) and holding the JVM's exit until the
 * cancellation has finished: a [record] or [Recording.await] inside it finalises its file (an MP4 stays playable).
 * Without it the JVM exits on Ctrl-C with the coroutine still running, mid-file. The process still exits as the
 * signal says (130 after Ctrl-C).
 */
suspend fun <T> cancelledOnCtrlC(block: suspend CoroutineScope.() -> T): T = coroutineScope {
  val work = async { block() }
  val onExit = Thread({
    work.cancel(CancellationException("the JVM is shutting down (Ctrl-C)"))
    runBlocking { work.join() }
  }, "zoomorph-ctrl-c")
  Runtime.getRuntime().addShutdownHook(onExit)
  try {
    work.await()
  } finally {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit)
    } catch (shuttingDown: IllegalStateException) {
      // The hook is running: it lets the JVM exit once the work has finished.
    }
  }
}
