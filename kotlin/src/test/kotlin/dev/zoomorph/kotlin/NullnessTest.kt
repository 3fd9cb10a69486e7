package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.ControlBus
import dev.zoomorph.engine.control.ControlMessage
import dev.zoomorph.engine.control.ControlParameter
import dev.zoomorph.engine.control.midi.ClockEvent
import dev.zoomorph.engine.control.midi.MidiBinding
import dev.zoomorph.engine.control.midi.MidiLearn
import dev.zoomorph.engine.control.midi.MidiMapper
import dev.zoomorph.engine.control.midi.MidiSource
import dev.zoomorph.engine.control.osc.OscCodec
import dev.zoomorph.engine.control.osc.OscMessage
import dev.zoomorph.engine.control.osc.OscPacket
import dev.zoomorph.engine.control.tempo.TempoClock
import dev.zoomorph.engine.generator.Frame
import dev.zoomorph.engine.generator.View
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.model.ModelFile
import dev.zoomorph.engine.model.ModelMetadata
import dev.zoomorph.engine.preset.PostSpec
import dev.zoomorph.engine.preset.Preset
import dev.zoomorph.engine.preset.Presets
import dev.zoomorph.engine.show.FrameClock
import dev.zoomorph.engine.show.LiveShow
import dev.zoomorph.engine.show.Scene
import dev.zoomorph.engine.trajectory.Trajectories
import dev.zoomorph.engine.trajectory.Trajectory
import javax.sound.midi.ShortMessage
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * Kotlin calling every public engine package with the types JSpecify gives it: each value below is declared with
 * the type Kotlin must see (non-null unless the Java side says @Nullable). The module compiles with JSpecify strict
 * and -Werror, so a platform type slipping through, or a nullable declared non-null, fails the build;
 * [StrictNullnessTest] shows that it does.
 */
class NullnessTest {

  @Test
  fun `latent, trajectory and generator types are non-null`() {
    val latent: Latent = Latent.gaussian(4, 1)
    val run: Trajectory.Run = Trajectories.loop(4, 1, 2.0, 2).start(10.0)
    val next: Latent = run.next()
    val view: View = View.of(8, 8).withZoom(2.0)
    val frame = Frame(1, 1, 1, byteArrayOf(0))
    assertThat(next.size()).isEqualTo(latent.size())
    assertThat(view.zoom()).isEqualTo(2.0)
    assertThat(frame.sample(0, 0, 0)).isZero()
  }

  @Test
  fun `preset and model nullables are nullable`() {
    val preset: Preset = Presets.load("fashion")
    val threshold: Double? = preset.post().threshold()
    val palette: String? = PostSpec.NONE.palette()
    val metadata: ModelMetadata = ModelFile.load("fashion-cppn-vae-gan").metadata()
    val encoder: ModelMetadata.Encoder? = metadata.encoder()
    assertThat(encoder).isNotNull()
    assertThat(palette).isNull()
    assertThat(threshold == null || threshold > 0).isTrue()
  }

  @Test
  fun `control, osc, midi and tempo types are as annotated`() {
    val message: ControlMessage = ControlMessage.of("/zoomorph/zoom", 2.0)
    val packet: OscPacket = OscCodec.decode(OscCodec.encode(OscMessage.of("/knob/1", 0.5f)))
    val osc: OscMessage = packet as OscMessage
    val mapper = MidiMapper(listOf(MidiBinding.of(MidiSource.cc(1, 1), "/zoomorph/zoom", 1.0, 4.0)))
    val mapped: List<ControlMessage> = MidiLearn(mapper).map(ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 1, 127))
    val clock: ControlMessage? = ClockEvent(ClockEvent.Kind.TEMPO, 120.0, true).control()
    val tempo = TempoClock({ 0L }, 120.0, 4)
    assertThat(message.number(0)).isEqualTo(2.0)
    assertThat(osc.floatArg(0)).isEqualTo(0.5f)
    assertThat(mapped.single().number(0)).isEqualTo(4.0)
    assertThat(clock).isNotNull()
    assertThat(tempo.bpm()).isEqualTo(120.0)
  }

  @Test
  fun `show types are as annotated`() {
    val show = LiveShow(Presets.load("default"), 30.0, { 0L })
    val scene: Scene = show.scenes(FrameClock.exact(30.0)).elementAt(3).block()!!
    val fading: Scene.Layer? = scene.fading()
    val parameters: List<ControlParameter> = show.parameters()
    val applied: ControlMessage? = ControlBus(show).use { it.submit("test", ControlMessage.of("/zoomorph/speed", 2.0)) }
    assertThat(fading).isNull()
    assertThat(parameters).isNotEmpty()
    assertThat(applied).isNotNull()
  }
}
