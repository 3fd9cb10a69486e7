package dev.zoomorph.kotlin

import dev.zoomorph.engine.latent.Latent

// Kotlin operators on the engine's Latent; each is one call of the Java method that does the work.
// Indexing (`latent[i]`) needs nothing here: Kotlin reads Java's `get(int)` as the index operator.

/** `a + b`: [Latent.add]. */
operator fun Latent.plus(other: Latent): Latent = add(other)

/** `a - b`: [Latent.subtract]. */
operator fun Latent.minus(other: Latent): Latent = subtract(other)

/** `a * k`: [Latent.scale]. */
operator fun Latent.times(factor: Double): Latent = scale(factor)

/** `k * a`: [Latent.scale]. */
operator fun Double.times(latent: Latent): Latent = latent.scale(this)

/** `a / k`: [Latent.scale] by `1 / k`. */
operator fun Latent.div(divisor: Double): Latent = scale(1 / divisor)

/** `-a`: [Latent.scale] by −1. */
operator fun Latent.unaryMinus(): Latent = scale(-1.0)

/** `a lerpTo b` is the straight path from `a` to `b`; `(a lerpTo b).at(t)` is [Latent.lerp]. */
infix fun Latent.lerpTo(other: Latent): LatentPath = LatentPath(this, other, spherical = false)

/** `a slerpTo b` is the great-circle path from `a` to `b`; `(a slerpTo b).at(t)` is [Latent.slerp]. */
infix fun Latent.slerpTo(other: Latent): LatentPath = LatentPath(this, other, spherical = true)

/** A path between two latents: `at(0.0)` is [from], `at(1.0)` is [to], exactly. */
class LatentPath internal constructor(
    /** Where the path starts. */
    val from: Latent,
    /** Where it ends. */
    val to: Latent,
    /** Whether it follows the great circle (slerp) rather than the straight line (lerp). */
    val spherical: Boolean) {
  /** The latent a fraction [t] of the way. */
  fun at(t: Double): Latent = if (spherical) from.slerp(to, t) else from.lerp(to, t)
}

/** A latent of [size] components, component `i` being `component(i)`. */
fun latent(size: Int, component: (Int) -> Double): Latent =
  Latent.of(*FloatArray(size) { component(it).toFloat() })

/** The unit latent along component [index] of a latent of [size] components: a direction to push along. */
fun axis(size: Int, index: Int): Latent {
  require(index in 0 until size) { "axis $index is not a component of a latent of size $size" }
  return latent(size) { if (it == index) 1.0 else 0.0 }
}
