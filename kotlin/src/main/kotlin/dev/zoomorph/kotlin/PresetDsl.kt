package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.midi.MidiBinding
import dev.zoomorph.engine.preset.AudioBand
import dev.zoomorph.engine.preset.AudioBinding
import dev.zoomorph.engine.preset.AudioSpec
import dev.zoomorph.engine.preset.ModelSpec
import dev.zoomorph.engine.preset.PostSpec
import dev.zoomorph.engine.preset.Preset
import dev.zoomorph.engine.preset.Presets
import dev.zoomorph.engine.preset.TempoSpec
import dev.zoomorph.engine.preset.TrajectorySpec
import dev.zoomorph.engine.preset.ViewSpec

/** Marks the Zoomorph builders, so an inner block cannot set an outer block's fields by accident. */
@DslMarker
annotation class ZoomorphDsl

/**
 * A preset written in Kotlin, checked as [Presets.load] checks a file: the same constructors validate it and a bad
 * value throws [IllegalArgumentException] "field FIELD: PROBLEM", the loader's words, from the block that set it.
 *
 * ```
 * val p = preset {
 *   name = "dunes"
 *   model = bundled("fashion-cppn-vae-gan")
 *   trajectory = morph(keyframes = 8, secondsPerSegment = 3.0)
 *   view { zoom = 2.0 }
 *   post { palette = "fire" }
 *   audio { bind("bass", "/zoomorph/zoom", 1.0, 1.4) }
 * }
 * ```
 *
 * Fields not set keep the values of [base] (default: the bundled default preset), its MIDI bindings and latent
 * directions included.
 */
fun preset(base: Preset = Presets.load(Presets.DEFAULT), block: PresetScope.() -> Unit): Preset =
  PresetScope(base).apply(block).build()

/** The fields of a preset; see [preset]. */
@ZoomorphDsl
open class PresetScope internal constructor(base: Preset) {
  /** The preset's name: 1-64 letters, digits, '.', '_' or '-'. */
  var name: String = base.name()
  /** What the preset is, for people. */
  var description: String = base.description()
  /** Which generator plays: [bundled], [modelFile] or [randomCppn]. */
  var model: ModelSpec = base.model()
  /** How the latent moves: [morph], [randomWalk] or [loop]. */
  var trajectory: TrajectorySpec = base.trajectory()
  /** The generator renders at this fraction of the output size, in (0, 1]. */
  var renderScale: Double = base.renderScale()
  /** Time constant of the smoothed controls, 0..10 s. */
  var smoothingSeconds: Double = base.smoothingSeconds()
  /** How long switching to this preset live takes, 0..60 s. */
  var crossfadeSeconds: Double = base.crossfadeSeconds()

  private var view: ViewSpec = base.view()
  private var tempo: TempoSpec = base.tempo()
  private var post: PostSpec = base.post()
  private var audio: AudioSpec = base.audio()
  private val midi = base.midi()
  private val directions = base.directions()

  /** Where the preset looks; checked when the block ends. */
  fun view(block: ViewScope.() -> Unit) {
    val scope = ViewScope(view).apply(block)
    view = field("view") { ViewSpec(scope.centerX, scope.centerY, scope.zoom, scope.rotationDegrees) }
  }

  /** Musical time; checked when the block ends. */
  fun tempo(block: TempoScope.() -> Unit) {
    val scope = TempoScope(tempo).apply(block)
    tempo = field("tempo") {
      TempoSpec(scope.bpm, scope.beatsPerBar, scope.beatsPerKeyframe, scope.quantize, scope.source)
    }
  }

  /** Post-processing after the generator; checked when the block ends. */
  fun post(block: PostScope.() -> Unit) {
    val scope = PostScope(post).apply(block)
    post = field("post") {
      PostSpec(scope.contrast, scope.gamma, scope.threshold, scope.softness, scope.palette, scope.denoise,
          scope.denoiseStrength)
    }
  }

  /** How the preset reacts to sound (docs/audio.md); checked when the block ends. */
  fun audio(block: AudioScope.() -> Unit) {
    val scope = AudioScope(audio).apply(block)
    audio = field("audio") {
      AudioSpec(scope.bands, scope.attackSeconds, scope.releaseSeconds, scope.gainSeconds, scope.bindings,
          scope.latent)
    }
  }

  internal fun build(): Preset = field(null) {
    Preset(name, description, model, trajectory, view, renderScale, tempo, smoothingSeconds, crossfadeSeconds, midi,
        post, audio, directions)
  }
}

/** A preset's view (see `ViewSpec`): the plane point at the centre, zoom, rotation. */
@ZoomorphDsl
class ViewScope internal constructor(base: ViewSpec) {
  /** Plane x at the centre of the frame. */
  var centerX: Double = base.centerX()
  /** Plane y at the centre of the frame. */
  var centerY: Double = base.centerY()
  /** Zoom, above 0; larger shows less of the plane. */
  var zoom: Double = base.zoom()
  /** Counter-clockwise rotation in degrees. */
  var rotationDegrees: Double = base.rotationDegrees()
}

/** A preset's musical time (see `TempoSpec`). */
@ZoomorphDsl
class TempoScope internal constructor(base: TempoSpec) {
  /** The starting tempo. */
  var bpm: Double = base.bpm()
  /** The meter, 1..64. */
  var beatsPerBar: Int = base.beatsPerBar()
  /** 0: a morph keeps its own time; N: a keyframe every N beats. */
  var beatsPerKeyframe: Int = base.beatsPerKeyframe()
  /** When a keyframe request lands. */
  var quantize: TempoSpec.Quantize = base.quantize()
  /** Where the tempo comes from: the preset and its inputs, or the sound's tracked beat. */
  var source: TempoSpec.Source = base.source()
}

/** A preset's post-processing (see `PostSpec`). */
@ZoomorphDsl
class PostScope internal constructor(base: PostSpec) {
  /** Contrast around mid-grey, 0 or more. */
  var contrast: Double = base.contrast()
  /** Gamma, above 0. */
  var gamma: Double = base.gamma()
  /** Grey level in (0, 1) where the picture turns from black to white, or null for none. */
  var threshold: Double? = base.threshold()
  /** Half-width of the threshold's edge, 0..0.5. */
  var softness: Double = base.softness()
  /** `fire`, `ice` or `viridis` (see `PostSpec.PALETTES`) for one-channel models, or null for grey. */
  var palette: String? = base.palette()
  /** A denoiser model (bundled name or `.safetensors` path) that cleans the picture first, or null for none. */
  var denoise: String? = base.denoise()
  /** How much of the denoiser the picture gets, 0..1. */
  var denoiseStrength: Double = base.denoiseStrength()
}

/** A preset's audio section (see `AudioSpec` and docs/audio.md): bands, envelope follower, bindings. */
@ZoomorphDsl
class AudioScope internal constructor(base: AudioSpec) {
  /** The bands measured (names unique); features are `level`, `onset`, `beat`, `bar`, each band and `BAND/onset`. */
  var bands: List<AudioBand> = base.bands()
  /** How fast an envelope rises, 0..10 s. */
  var attackSeconds: Double = base.attackSeconds()
  /** How fast it falls back, 0..10 s. */
  var releaseSeconds: Double = base.releaseSeconds()
  /** How long the automatic gain takes to come down 20 dB, 0.1..600 s. */
  var gainSeconds: Double = base.gainSeconds()
  /** Spectrum to latent: band energies move the latent along fixed directions; null for none. */
  var latent: AudioSpec.LatentPush? = base.latent()
  internal val bindings: MutableList<AudioBinding> = base.bindings().toMutableList()

  /** Binds [feature] to the control [target], sending [min]..[max] along [curve] as the feature goes 0..1. */
  fun bind(feature: String, target: String, min: Double, max: Double,
      curve: MidiBinding.Curve = MidiBinding.Curve.LINEAR) {
    bindings += field("audio") { AudioBinding(feature, target, min, max, curve) }
  }
}

/** A band of the spectrum, [lowHz]..[highHz], whose energy is the feature [name]. */
fun band(name: String, lowHz: Double, highHz: Double): AudioBand = field("audio") { AudioBand(name, lowHz, highHz) }

/** A bundled model by name, e.g. `fashion-cppn-vae-gan`; its file is read and checked now. */
fun bundled(name: String): ModelSpec = field("model") { ModelSpec.Trained.of(name) }

/** A `.safetensors` model file; read and checked now. */
fun modelFile(path: java.nio.file.Path): ModelSpec = bundled(path.toString())

/** A CPPN with seeded random weights: the classic abstract look. */
fun randomCppn(seed: Long = 20161, latentSize: Int = 32, width: Int = 32, depth: Int = 4, channels: Int = 3,
    scale: Float = 8f): ModelSpec =
  field("model") { ModelSpec.RandomCppn(seed, latentSize, width, depth, channels, scale) }

/** A sinusoidal morph through [keyframes] seeded latents, [secondsPerSegment] each, looping back. */
fun morph(keyframes: Int = 8, secondsPerSegment: Double = 4.0, seed: Long = 7, slerp: Boolean = true): TrajectorySpec =
  field("trajectory") { TrajectorySpec.Morph(seed, keyframes, secondsPerSegment, slerp) }

/** A random walk in N(0, I)'s typical set. */
fun randomWalk(timescaleSeconds: Double = 4.0, seed: Long = 7): TrajectorySpec =
  field("trajectory") { TrajectorySpec.RandomWalk(seed, timescaleSeconds) }

/** A closed path that returns exactly to its start after [seconds]. */
fun loop(seconds: Double = 16.0, harmonics: Int = 3, seed: Long = 7): TrajectorySpec =
  field("trajectory") { TrajectorySpec.Loop(seed, seconds, harmonics) }

/** Runs a validating constructor; its refusal becomes the loader's "field FIELD: PROBLEM". */
private inline fun <T> field(name: String?, make: () -> T): T =
  try {
    make()
  } catch (e: IllegalArgumentException) {
    throw IllegalArgumentException(if (name == null) e.message else "field $name: ${e.message}", e)
  }
