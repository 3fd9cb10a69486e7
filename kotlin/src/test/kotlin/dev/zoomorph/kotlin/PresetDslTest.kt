package dev.zoomorph.kotlin

import dev.zoomorph.engine.preset.PresetException
import dev.zoomorph.engine.preset.Presets
import java.io.ByteArrayInputStream
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.catchThrowable
import org.junit.jupiter.api.Test

class PresetDslTest {

  /** The loader's message for the default preset with [field] set to [json], without the source prefix. */
  private fun loaderMessage(field: String, json: String): String {
    // The field replaces the valid preset's own (a key given twice is refused).
    val fields = mapOf(
        "name" to "\"p\"",
        "model" to """{"kind": "random-cppn", "seed": 1, "latentSize": 8, "width": 8, "depth": 2, "channels": 1,
            "scale": 4}""",
        "trajectory" to """{"kind": "morph", "seed": 1, "keyframes": 2, "secondsPerSegment": 1, "slerp": true}""") +
        (field to json)
    val text = fields.entries.joinToString(", ", "{", "}") { (key, value) -> "\"$key\": $value" }
    val e = catchThrowable { Presets.parse(ByteArrayInputStream(text.toByteArray()), "test") }
    assertThat(e).isInstanceOf(PresetException::class.java)
    return e.message!!.removePrefix("test: ")
  }

  @Test
  fun `a bad view is refused at its block with the loader's words`() {
    val line = Throwable().stackTrace[0].lineNumber + 1
    val e = catchThrowable { preset { view { zoom = -1.0 } } }
    assertThat(e).isInstanceOf(IllegalArgumentException::class.java)
        .hasMessage(loaderMessage("view", """{"centerX": 0, "centerY": 0, "zoom": -1, "rotationDegrees": 0}"""))
        .hasMessageStartingWith("field view: zoom")
    assertThat(e.stackTrace).anyMatch { it.fileName == "PresetDslTest.kt" && it.lineNumber == line }
  }

  @Test
  fun `bad post, tempo and scale say what the loader says`() {
    assertThat(catchThrowable { preset { post { palette = "pink" } } })
        .hasMessage(loaderMessage("post", """{"palette": "pink"}"""))
    assertThat(catchThrowable { preset { post { gamma = 0.0 } } })
        .hasMessage(loaderMessage("post", """{"gamma": 0}"""))
    assertThat(catchThrowable { preset { tempo { bpm = 1.0 } } })
        .hasMessage(loaderMessage("tempo", """{"bpm": 1}"""))
    assertThat(catchThrowable { preset { renderScale = 0.0 } })
        .hasMessage(loaderMessage("renderScale", "0"))
    assertThat(catchThrowable { preset { trajectory = morph(keyframes = 0) } })
        .hasMessage(loaderMessage("trajectory", """{"kind": "morph", "seed": 1, "keyframes": 0,
            "secondsPerSegment": 1, "slerp": true}"""))
    assertThat(catchThrowable { preset { model = bundled("no-such-model") } })
        .isInstanceOf(IllegalArgumentException::class.java).hasMessageStartingWith("field model: ")
  }

  @Test
  fun `a preset written in Kotlin is the preset the loader reads`() {
    val fashion = Presets.load("fashion")
    val written = preset {
      name = fashion.name()
      description = fashion.description()
      model = bundled("fashion-cppn-vae-gan")
      trajectory = fashion.trajectory()
      renderScale = fashion.renderScale()
      smoothingSeconds = fashion.smoothingSeconds()
      crossfadeSeconds = fashion.crossfadeSeconds()
      view {
        centerX = fashion.view().centerX()
        centerY = fashion.view().centerY()
        zoom = fashion.view().zoom()
        rotationDegrees = fashion.view().rotationDegrees()
      }
      tempo {
        bpm = fashion.tempo().bpm()
        beatsPerBar = fashion.tempo().beatsPerBar()
        beatsPerKeyframe = fashion.tempo().beatsPerKeyframe()
        quantize = fashion.tempo().quantize()
      }
      post {
        contrast = fashion.post().contrast()
        gamma = fashion.post().gamma()
        threshold = fashion.post().threshold()
        softness = fashion.post().softness()
        palette = fashion.post().palette()
      }
    }
    assertThat(written).isEqualTo(fashion.withMidi(written.midi()))
    assertThat(preset(fashion) {}).isEqualTo(fashion)
  }

  @Test
  fun `a preset made from another keeps what the block does not set`() {
    // A denoiser and a latent direction; sound bindings, spectrum to latent and the beat tracker as tempo source.
    for (name in listOf("fashion-vae-dcgan", "audio-pulse", "emoji")) {
      val bundled = Presets.load(name)
      assertThat(preset(bundled) {}).`as`(name).isEqualTo(bundled)
      assertThat(preset(bundled) { this.name = "mine" }).`as`(name).isEqualTo(bundled.withName("mine"))
    }
  }

  @Test
  fun `an audio block is the audio section the loader reads`() {
    val written = preset(Presets.load("default")) {
      tempo { source = dev.zoomorph.engine.preset.TempoSpec.Source.AUDIO }
      post { denoiseStrength = 0.5 }
      audio {
        bands = listOf(band("kick", 40.0, 120.0), band("air", 8000.0, 16000.0))
        releaseSeconds = 0.18
        bind("kick", "/zoomorph/zoom", 1.0, 1.5, dev.zoomorph.engine.control.midi.MidiBinding.Curve.EXPONENTIAL)
        bind("kick/onset", "/zoomorph/keyframe/next", 1.0, 1.0)
      }
    }
    val text = """{"name": "default", "model": {"kind": "random-cppn", "seed": 1, "latentSize": 8, "width": 8,
        "depth": 2, "channels": 1, "scale": 4}, "trajectory": {"kind": "morph", "seed": 1, "keyframes": 2,
        "secondsPerSegment": 1, "slerp": true}, "audio": {"bands": [{"name": "kick", "lowHz": 40, "highHz": 120},
        {"name": "air", "lowHz": 8000, "highHz": 16000}], "releaseSeconds": 0.18, "bindings": [
        {"feature": "kick", "target": "/zoomorph/zoom", "min": 1, "max": 1.5, "curve": "exponential"},
        {"feature": "kick/onset", "target": "/zoomorph/keyframe/next", "min": 1, "max": 1}]}}"""
    val loaded = Presets.parse(ByteArrayInputStream(text.toByteArray()), "test")
    assertThat(written.audio()).isEqualTo(loaded.audio())
    assertThat(written.tempo().source()).isEqualTo(dev.zoomorph.engine.preset.TempoSpec.Source.AUDIO)
    assertThat(written.post().denoiseStrength()).isEqualTo(0.5)

    assertThat(catchThrowable { preset { audio { bind("bass", "zoom", 1.0, 2.0) } } })
        .isInstanceOf(IllegalArgumentException::class.java)
        .hasMessageStartingWith("field audio: audio binding of bass: target must be a /zoomorph/... control address")
    assertThat(catchThrowable { preset { audio { bind("nowhere", "/zoomorph/zoom", 1.0, 2.0) } } })
        .isInstanceOf(IllegalArgumentException::class.java).hasMessageStartingWith("field audio: ")
        .hasMessageContaining("nowhere")
  }
}
