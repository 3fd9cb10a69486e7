package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.ControlBus
import dev.zoomorph.engine.control.ControlMessage
import dev.zoomorph.engine.control.midi.MidiInput
import dev.zoomorph.engine.generator.Frame
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.preset.Preset
import dev.zoomorph.engine.preset.Presets
import dev.zoomorph.engine.preset.TrajectorySpec
import dev.zoomorph.render.Backend
import dev.zoomorph.render.WindowOptions
import dev.zoomorph.server.RunningShow
import dev.zoomorph.server.ServeException
import dev.zoomorph.server.ShowBuilder
import dev.zoomorph.server.Zoomorph
import java.net.InetSocketAddress
import javax.sound.midi.ShortMessage
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.withContext
import reactor.core.Disposable

/**
 * What a show's latent does: the preset's [trajectory] or a program's own [flow], plus knobs [pushes] that offset
 * it. Made by `trajectory + push`, `follow(flow)`, `follow(flow) + push`.
 */
class Latents internal constructor(
    /** The preset's trajectory, or null when [flow] plays instead. */
    val trajectory: TrajectorySpec?,
    /** The program's own latents, or null for the [trajectory]. */
    val flow: Flow<Latent>?,
    /** The knobs offsetting the latent. */
    val pushes: List<Push>) {
  /** These latents with one more knob pushing. */
  operator fun plus(push: Push): Latents = Latents(trajectory, flow, pushes + push)
}

/** A program's own latents, the newest one each frame, in place of the preset's trajectory. */
fun follow(flow: Flow<Latent>): Latents = Latents(null, flow, emptyList())

/** The trajectory with a knob pushing its latent. */
operator fun TrajectorySpec.plus(push: Push): Latents = Latents(this, null, listOf(push))

/**
 * A show written in Kotlin: a preset's fields (see [PresetScope]) plus what plays and where it goes. Nothing starts
 * until [ShowPlan.start] or [ShowPlan.play]; bad preset fields throw where they are set, other settings when the
 * block ends.
 *
 * ```
 * show {
 *   model = bundled("fashion-cppn-vae-gan")
 *   knobs(oscPort = 9001)
 *   latents = morph(keyframes = 8, secondsPerSegment = 3.0) + oscKnob("/knob/1") * direction(3) * 0.5
 *   post { palette = "fire" }
 *   serve(port = 8080)
 * }.play { frameFlow().take(100).collect() }
 * ```
 */
fun show(base: Preset = Presets.load(Presets.DEFAULT), block: ShowScope.() -> Unit): ShowPlan =
  ShowScope(base).apply(block).plan()

/** A show of a bundled preset (by name) or preset file (by path), then [block]. */
fun show(presetNameOrPath: String, block: ShowScope.() -> Unit = {}): ShowPlan =
  show(Presets.load(presetNameOrPath), block)

/** The settings of a [show]. */
@ZoomorphDsl
class ShowScope internal constructor(base: Preset) : PresetScope(base) {
  /** The latents: the preset's [trajectory] with knob pushes, or [follow] of a flow. Null: the trajectory alone. */
  var latents: Latents? = null
  /** Frames per second, in (0, 1000]. */
  var fps: Double = ShowBuilder.DEFAULT_FPS.toDouble()
  /** The CPPN backend. */
  var backend: Backend = Backend.AUTO
  /** The address servers bind; 127.0.0.1 (this machine only) unless you need others to reach it. */
  var host: String = ShowBuilder.DEFAULT_HOST
  /** The HTTP control API's secret; null: a random one. */
  var token: String? = null

  private var width = ShowBuilder.DEFAULT_SIDE
  private var height = ShowBuilder.DEFAULT_SIDE
  private var httpPort: Int? = null
  private var oscPort: Int? = null
  private var midi: String? = null
  private var window: WindowOptions? = null
  private var knobOscPort: Int? = null
  private var knobMidi: MidiKnobSource? = null
  private val knobServer = KnobServer()

  /** The output frame size (default 512×512). */
  fun size(width: Int, height: Int) {
    this.width = width
    this.height = height
  }

  /** Serves the viewer page, frame WebSocket, control API and OSCQuery on [port] (0: any free one). */
  fun serve(port: Int = ShowBuilder.DEFAULT_HTTP_PORT) {
    httpPort = port
  }

  /** Takes the show's `/zoomorph/` OSC messages on UDP [port] (0: any free one). */
  fun osc(port: Int = ShowBuilder.DEFAULT_OSC_PORT) {
    oscPort = port
  }

  /** Takes MIDI (the preset's bindings, MIDI clock) from the input whose name contains [name]. */
  fun midi(name: String) {
    midi = name
  }

  /** Also shows the output in a window. */
  fun window(options: WindowOptions = WindowOptions.windowed("Zoomorph")) {
    window = options
  }

  /**
   * Where knobs come from: an OSC port of their own ([oscPort], any address; 0: any free one), and MIDI, either the
   * input named [midiDevice] or [midiMessages] from anywhere.
   */
  fun knobs(oscPort: Int? = null, midiDevice: String? = null, midiMessages: Flow<ShortMessage>? = null) {
    require(midiDevice == null || midiMessages == null) { "knobs take MIDI from a device or from messages, not both" }
    knobOscPort = oscPort
    knobMidi = when {
      midiDevice != null -> MidiKnobSource.Device(midiDevice)
      midiMessages != null -> MidiKnobSource.Messages(midiMessages)
      else -> null
    }
  }

  /** The first argument of OSC messages to [address] on the knobs' port, as a knob. */
  fun oscKnob(address: String): Knob {
    requireNotNull(knobOscPort) { "oscKnob(\"$address\") needs knobs(oscPort = PORT)" }
    return Knob(address, flow { emitAll(knobServer.osc().knob(address).values) })
  }

  /** MIDI controller [controller] on [channel] (1..16) of the knobs' MIDI, as a knob in 0..1. */
  fun midiKnob(controller: Int, channel: Int = 1): Knob {
    requireNotNull(knobMidi) { "midiKnob($controller) needs knobs(midiDevice = NAME) or knobs(midiMessages = ...)" }
    return midiKnob(flow { emitAll(knobServer.midi()) }, controller, channel)
  }

  /** The unit latent along component [index] of this show's model: a direction for a knob. */
  fun direction(index: Int): Latent = axis(model.latentSize(), index)

  internal fun plan(): ShowPlan {
    val latents = latents
    val preset = build().let { p -> latents?.trajectory?.let(p::withTrajectory) ?: p }
    val builder = Zoomorph.show(preset).size(width, height).fps(fps).backend(backend).host(host)
    httpPort?.let(builder::serve)
    oscPort?.let(builder::osc)
    midi?.let(builder::midi)
    token?.let(builder::token)
    window?.let(builder::window)
    latents?.flow?.let(builder::latents)
    latents?.pushes?.forEach {
      require(it.direction.size() == preset.model().latentSize()) {
        "knob ${it.knob.name} pushes along ${it.direction.size()} components; the model takes " +
            "${preset.model().latentSize()}"
      }
    }
    return ShowPlan(builder, latents?.pushes.orEmpty(), knobOscPort, host, knobMidi, knobServer)
  }
}

internal sealed interface MidiKnobSource {
  class Device(val name: String) : MidiKnobSource
  class Messages(val flow: Flow<ShortMessage>) : MidiKnobSource
}

/** The knob inputs of one show, opened when it starts. */
internal class KnobServer {
  @Volatile var oscKnobs: OscKnobs? = null
  @Volatile var midiInput: MidiInput? = null
  @Volatile var midiFlow: Flow<ShortMessage>? = null

  fun osc(): OscKnobs = checkNotNull(oscKnobs) { "the show's knobs are not open: start the show first" }
  fun midi(): Flow<ShortMessage> = checkNotNull(midiFlow) { "the show's knobs are not open: start the show first" }

  fun close() {
    oscKnobs?.close()
    midiInput?.close()
  }
}

/** A [show] ready to start: [start] it and close it yourself, or [play] it inside a coroutine. */
class ShowPlan internal constructor(
    private val builder: ShowBuilder, private val pushes: List<Push>, private val knobOscPort: Int?,
    private val host: String, private val knobMidi: MidiKnobSource?, private val knobs: KnobServer) {
  private var started = false

  /** The Java builder behind this plan, for what the DSL does not say. */
  val javaBuilder: ShowBuilder get() = builder

  /**
   * Starts the show (blocking: it builds the generator and binds the ports), then its knobs.
   *
   * @throws ServeException saying which setting to change, as [ShowBuilder.start] does; knob ports that cannot be
   *     bound throw it with cause `OSC_PORT` (MIDI: `MIDI_DEVICE`)
   */
  fun start(): PlayingShow {
    check(!started) { "a show plan starts once" }
    started = true
    try {
      knobOscPort?.let { port ->
        knobs.oscKnobs = try {
          OscKnobs(port, host)
        } catch (e: RuntimeException) {
          throw ServeException(ServeException.Cause.OSC_PORT, "knobs' OSC port $port: ${e.message}", e)
        }
      }
      when (knobMidi) {
        is MidiKnobSource.Device -> {
          val input = try {
            MidiInput.open(knobMidi.name)
          } catch (e: RuntimeException) {
            throw ServeException(ServeException.Cause.MIDI_DEVICE, "knobs' MIDI: ${e.message}", e)
          }
          knobs.midiInput = input
          knobs.midiFlow = input.messages().asFlow()
        }
        is MidiKnobSource.Messages -> knobs.midiFlow = knobMidi.flow
        null -> {}
      }
      val running = builder.start()
      val offsets = if (pushes.isEmpty()) null else running.controls().attach(KNOBS_INPUT, latentOffsets(pushes))
      return PlayingShow(running, knobs, offsets)
    } catch (e: RuntimeException) {
      knobs.close()
      throw e
    }
  }

  /**
   * Starts the show off the caller's thread, runs [block] on it, and closes it when [block] returns, fails or is
   * cancelled (sockets closed, render loop stopped, GL and TensorFlow freed) before returning.
   */
  suspend fun <T> play(block: suspend PlayingShow.() -> T): T {
    // Not cancellable while starting, and the show kept where the close below finds it: withContext drops the result
    // of its block when the caller was cancelled meanwhile, and a show started then must still be closed.
    var show: PlayingShow? = null
    try {
      withContext(NonCancellable + Dispatchers.IO) { show = start() }
      val playing = checkNotNull(show)
      currentCoroutineContext().ensureActive()
      return coroutineScope { playing.block() }
    } finally {
      show?.let { withContext(NonCancellable + Dispatchers.IO) { it.close() } }
    }
  }

  /** The show playing in [scope] until the scope, or the returned job, is cancelled; then it is closed. */
  fun launchIn(scope: CoroutineScope): Job = scope.launch { play { awaitCancellation() } }

  private companion object {
    const val KNOBS_INPUT = "kotlin-knobs"
  }
}

/** A show playing: the Java [RunningShow] plus the Kotlin side's knobs. [close] stops both, once. */
class PlayingShow internal constructor(
    /** The Java show, for what this class does not say. */
    val running: RunningShow, private val knobs: KnobServer, private val offsets: Disposable?) : AutoCloseable {
  /** The control bus: submit a message, attach a flow, follow what was applied. */
  val controls: ControlBus get() = running.controls()

  /** The HTTP port, when served. */
  val httpPort: Int? get() = running.httpPort().let { if (it.isPresent) it.asInt else null }

  /** Where the show's `/zoomorph/` OSC input listens, when it does. */
  val oscAddress: InetSocketAddress? get() = running.oscAddress()

  /** Where the knobs' OSC port listens, when there is one. */
  val knobOscAddress: InetSocketAddress? get() = knobs.oscKnobs?.address

  /** The frames from now on, conflated (see [frameFlow]). */
  fun frameFlow(): Flow<Frame> = running.frameFlow()

  /** Applies one control message now, e.g. `submit("/zoomorph/zoom", 2.0)`; refusals throw `ControlException`. */
  fun submit(address: String, vararg args: Any): ControlMessage? =
    running.controls().submit("kotlin", ControlMessage.of(address, *args))

  /** Stops the knobs, then the show (sockets, render loop, window, generators); idempotent. */
  override fun close() {
    offsets?.dispose()
    running.close()
    knobs.close()
  }
}
