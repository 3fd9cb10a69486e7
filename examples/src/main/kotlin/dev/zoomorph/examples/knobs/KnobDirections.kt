// Example 3: OSC and MIDI knobs mapped onto latent directions in code, not in a preset. OSC /knob/1 pushes the
// latent along component 3, a MIDI fader (CC 1) along component 7; the morph goes on underneath.
// `examples/run knob-directions --midi NAME` (omit --midi for OSC only; `oscsend 127.0.0.1 9001 /knob/1 f 0.8`).
// Headless, the example turns its own knobs: real OSC datagrams to its knob port, MIDI messages from a sweep.
package dev.zoomorph.examples.knobs

import dev.zoomorph.engine.control.osc.OscCodec
import dev.zoomorph.engine.control.osc.OscMessage
import dev.zoomorph.examples.ExampleOption
import dev.zoomorph.examples.portOption
import dev.zoomorph.examples.runExample
import dev.zoomorph.examples.saveTo
import dev.zoomorph.kotlin.bundled
import dev.zoomorph.kotlin.morph
import dev.zoomorph.kotlin.plus
import dev.zoomorph.kotlin.show
import java.net.DatagramPacket
import java.net.DatagramSocket
import javax.sound.midi.ShortMessage
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow

/** A fader swept up on MIDI channel 1, controller 1, over and over: what a hand on a controller sends. */
private val sweep = flow {
  for (step in 0..Int.MAX_VALUE) {
    emit(ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 1, (step * 8) % 128))
    delay(50)
  }
}

private val port = portOption("port", 8080, "HTTP port of the viewer page")
private val knobPort = portOption("knob-port", 9001, "UDP port of the OSC knobs")
private val midi = ExampleOption<String?>("midi", "NAME", null,
    "MIDI input for the fader, by its name or part of it (./zoomorph midi list lists them)", "a name") { it }

suspend fun main(args: Array<String>) = runExample("knob-directions", args, port, knobPort, midi) { options ->
  val headless = options.headless
  val midiDevice = options[midi]
  show {
    model = bundled("fashion-cppn-vae-gan")
    knobs(oscPort = options[knobPort], midiDevice = midiDevice,
        midiMessages = if (midiDevice == null && headless != null) sweep else null)
    val base = morph(keyframes = 4, secondsPerSegment = 4.0) + oscKnob("/knob/1") * direction(3) * 3.0
    latents = if (midiDevice != null || headless != null) base + midiKnob(controller = 1) * direction(7) * 3.0 else base
    size(256, 256)
    serve(port = options[port])
  }.play {
    println("watch http://127.0.0.1:$httpPort/, knobs: OSC /knob/1 on $knobOscAddress")
    if (headless == null) {
      awaitCancellation()
    }
    DatagramSocket().use { socket ->
      val knob = OscCodec.encode(OscMessage.of("/knob/1", 0.9f))
      socket.send(DatagramPacket(knob, knob.size, knobOscAddress))
    }
    frameFlow().saveTo(headless, options.frames)
  }
}
