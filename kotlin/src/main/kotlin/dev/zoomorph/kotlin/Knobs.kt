package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.ControlMessage
import dev.zoomorph.engine.control.ShowAddresses
import dev.zoomorph.engine.control.osc.OscMessage
import dev.zoomorph.engine.control.osc.OscServer
import dev.zoomorph.engine.latent.Latent
import java.net.InetSocketAddress
import javax.sound.midi.ShortMessage
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.flow.onStart
import kotlinx.coroutines.reactive.asFlow

/**
 * One number that moves: an OSC address's first argument, a MIDI controller (0..1), or any `Flow<Double>`. It starts
 * at 0 until its source says otherwise. `knob * direction` is a [Push] along a latent direction.
 */
class Knob(
    /** What the knob is, in messages. */
    val name: String,
    /** Its values as they come. */
    val values: Flow<Double>) {
  /** This knob pushing along [direction]: the offset is `value × direction`. */
  operator fun times(direction: Latent): Push = Push(this, direction)
}

/** A [knob] pushing the picture's latent along [direction]: the show's latent offset gets `value × direction`. */
class Push(
    /** The knob that pushes. */
    val knob: Knob,
    /** The offset at knob value 1. */
    val direction: Latent) {
  /** The same push, [factor] times as strong. */
  operator fun times(factor: Double): Push = Push(knob, direction * factor)
}

/**
 * The sum of [pushes] as the show's whole latent offset, `/zoomorph/latent`, re-sent whenever a knob moves (so the
 * show's smoothing applies to it). The knobs own the offset: `/zoomorph/latent/{i}` from elsewhere is overwritten
 * at the next knob move.
 */
fun latentOffsets(pushes: List<Push>): Flow<ControlMessage> {
  require(pushes.isNotEmpty()) { "no pushes to send" }
  val size = pushes.first().direction.size()
  pushes.forEach {
    require(it.direction.size() == size) {
      "knob ${it.knob.name} pushes along a direction of ${it.direction.size()} components, others have $size"
    }
  }
  return combine(pushes.map { push -> push.knob.values.onStart { emit(0.0) }.map { push.direction * it } }) {
    it.reduce(Latent::add)
  }.distinctUntilChanged().map { offset ->
    ControlMessage(ShowAddresses.LATENT, offset.toArray().map { it.toDouble() })
  }
}

/**
 * An OSC port for knobs: any address, not only the show's `/zoomorph/` ones (the show's own OSC input refuses
 * others). Binds [host] (127.0.0.1: this machine only) on [port] (0: any free one) when made; [close] frees it.
 */
class OscKnobs(port: Int, host: String = OscServer.DEFAULT_HOST) : AutoCloseable {
  private val server = OscServer()

  /** Where the knobs listen. */
  val address: InetSocketAddress = server.start(host, port)

  /**
   * Every OSC message that arrives (bundles flattened), when its bundle's time tag says, as on the show's own OSC
   * port; a tag too far ahead is answered to its sender at [OscServer.REFUSED].
   */
  val messages: Flow<OscMessage> = server.onTime { received, refusal ->
    server.reply(received.sender(), OscMessage.of(OscServer.REFUSED, refusal.address(), "${refusal.message}"))
  }.map { it.message() }.asFlow()

  /** The first argument of messages to [oscAddress], as a knob; messages without a number are skipped. */
  fun knob(oscAddress: String): Knob = Knob(oscAddress, messages.filter { it.address() == oscAddress }.mapNotNull {
    if (it.argumentCount() > 0 && it.argument(0) is Number) it.doubleArg(0) else null
  })

  /** Stops listening and frees the port. */
  override fun close() = server.close()
}

/**
 * Controller [controller] on MIDI channel [channel] (1..16, as in `MidiSource`) of [messages] as a knob in 0..1
 * (value / 127); e.g. the messages of `dev.zoomorph.engine.control.midi.MidiInput.open(name).messages()`.
 */
fun midiKnob(messages: Flow<ShortMessage>, controller: Int, channel: Int = 1): Knob {
  require(controller in 0..127) { "MIDI controller must be in 0..127, was $controller" }
  require(channel in 1..16) { "MIDI channel must be 1..16, was $channel" }
  return Knob("midi cc $controller/ch $channel", messages.filter {
    it.command == ShortMessage.CONTROL_CHANGE && it.channel == channel - 1 && it.data1 == controller
  }.map { it.data2 / 127.0 })
}

/** A knob that stays at [value]. */
fun fixedKnob(value: Double): Knob = Knob("fixed $value", flowOf(value))
