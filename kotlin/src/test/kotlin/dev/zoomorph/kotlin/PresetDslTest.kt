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
    val text = """{"name": "p", "model": {"kind": "random-cppn", "seed": 1, "latentSize": 8, "width": 8,
        "depth": 2, "channels": 1, "scale": 4}, "trajectory": {"kind": "morph", "seed": 1, "keyframes": 2,
        "secondsPerSegment": 1, "slerp": true}, "$field": $json}"""
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
}
