package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.ControlBus
import dev.zoomorph.engine.control.ControlMessage
import dev.zoomorph.engine.generator.Frame
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.trajectory.Trajectories
import dev.zoomorph.engine.trajectory.Trajectory
import dev.zoomorph.server.RunningShow
import dev.zoomorph.server.ShowBuilder
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactor.asFlux
import reactor.core.Disposable
import reactor.core.scheduler.Scheduler
import reactor.core.scheduler.Schedulers

// Flow on both sides of the engine's Flux APIs. Every function here is a conversion around the Java call that does
// the work (kotlinx-coroutines-reactor's asFlow/asFlux carry demand and cancellation across).

/**
 * This trajectory played on a frame clock of [fps] (see [Trajectories.play]): one latent per tick, a fresh run per
 * collector. A slow collector gets the newest latent, not a queue; cancelling the collector stops the clock.
 */
fun Trajectory.flow(fps: Double, scheduler: Scheduler = Schedulers.parallel()): Flow<Latent> =
  Trajectories.play(this, fps, scheduler).asFlow().conflate()

/** Plays [latents] (the newest one each frame) instead of the preset's trajectory: [ShowBuilder.latents]. */
fun ShowBuilder.latents(latents: Flow<Latent>): ShowBuilder = latents(latents.asFlux())

/**
 * Applies every message of [messages] as input [input] ([ControlBus.attach]); the flow is collected with the bus's
 * demand. Disposing the result, or closing the bus, cancels the flow.
 */
fun ControlBus.attach(input: String, messages: Flow<ControlMessage>): Disposable = attach(input, messages.asFlux())

/**
 * What the show applied from any input, from now on ([ControlBus.applied]). The bus never waits for a collector:
 * one that falls more than a buffer (64) behind misses changes.
 */
fun ControlBus.appliedFlow(): Flow<ControlBus.Applied> = applied().asFlow()

/**
 * The frames from now on ([RunningShow.frames]), conflated: a slow collector gets the newest frame and never holds
 * the render loop up. Completes when the show stops.
 */
fun RunningShow.frameFlow(): Flow<Frame> = frames().asFlow().conflate()
