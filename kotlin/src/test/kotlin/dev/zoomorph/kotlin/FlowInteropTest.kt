package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.ControlBus
import dev.zoomorph.engine.control.ControlMessage
import dev.zoomorph.engine.control.ControlParameter
import dev.zoomorph.engine.control.ControlSurface
import dev.zoomorph.engine.latent.Latent
import dev.zoomorph.engine.trajectory.Interpolation
import dev.zoomorph.engine.trajectory.Trajectories
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactor.asFlux
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import reactor.core.publisher.Flux
import reactor.test.StepVerifier

@Timeout(30)
class FlowInteropTest {

  /** A surface that takes every message, as a show's would, and remembers them. */
  private class Recording : ControlSurface {
    val messages = CopyOnWriteArrayList<ControlMessage>()
    override fun apply(message: ControlMessage): ControlMessage = message.also { messages.add(it) }
    override fun parameters(): List<ControlParameter> = emptyList()
  }

  @Test
  fun `a trajectory plays as a flow, frame by frame`(): Unit = runBlocking {
    val keyframes = listOf(Latent.gaussian(4, 1), Latent.gaussian(4, 2))
    val morph = Trajectories.morph(keyframes, 0.1, Interpolation.SPHERICAL, true)
    val run = morph.start(50.0)
    val expected = List(5) { run.next() }
    val played = withTimeout(10_000) { morph.flow(50.0).take(5).toList() }
    assertThat(played.first()).isEqualTo(expected.first())
    assertThat(played).isSubsetOf(expected) // conflated: a slow collector may skip, never reorder or invent
  }

  @Test
  fun `a flow turned into a flux produces only what is requested, and cancelling it cancels the flow`() {
    val produced = AtomicInteger()
    val cancelled = CountDownLatch(1)
    val latents = flow {
      var i = 0
      while (true) {
        produced.incrementAndGet()
        emit(Latent.of(i++.toFloat()))
      }
    }.onCompletion { if (it != null) cancelled.countDown() }

    StepVerifier.create(latents.asFlux(), 0)
        .thenRequest(3)
        .expectNextCount(3)
        .then { Thread.sleep(200) }
        .then { assertThat(produced.get()).isLessThanOrEqualTo(4) }
        .thenCancel()
        .verify(Duration.ofSeconds(10))
    assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue()
  }

  @Test
  fun `a flux collected as a flow is asked for a bounded amount while the collector is slow`(): Unit = runBlocking {
    val requested = AtomicLong()
    val source = Flux.range(0, 10_000).doOnRequest { requested.addAndGet(it) }
    val got = source.asFlow().take(3).toList()
    assertThat(got).containsExactly(0, 1, 2)
    assertThat(requested.get()).isLessThan(10_000)
  }

  @Test
  fun `controls attach as a flow, disposing cancels it, and applied changes come back as a flow`(): Unit = runBlocking {
    val surface = Recording()
    ControlBus(surface).use { bus ->
      val applied = CompletableDeferred<ControlBus.Applied>()
      val follower = Thread {
        runBlocking { applied.complete(bus.appliedFlow().first()) }
      }.apply { start() }
      delay(300) // the follower subscribes before the first change
      val stopped = CompletableDeferred<Throwable?>()
      val knob = flow {
        emit(ControlMessage.of("/zoomorph/zoom", 2.0))
        awaitCancellation()
      }.onCompletion { stopped.complete(it) }
      val attached = bus.attach("knob", knob)
      assertThat(withTimeout(5_000) { applied.await() })
          .isEqualTo(ControlBus.Applied("knob", ControlMessage.of("/zoomorph/zoom", 2.0)))
      follower.join(5_000)
      attached.dispose()
      assertThat(withTimeout(5_000) { stopped.await() }).isNotNull() // cancelled, not completed
      assertThat(surface.messages).hasSize(1)
      assertThat(bus.counts("knob").accepted()).isEqualTo(1)
    }
  }

  @Test
  fun `knob pushes add up to the latent offset message`(): Unit = runBlocking {
    val a = Knob("a", flow { emit(1.0) })
    val b = Knob("b", flow { emit(0.5) })
    val offsets = latentOffsets(listOf(a * axis(3, 0), b * axis(3, 2) * 2.0)).take(10).toList()
    assertThat(offsets.last()).isEqualTo(ControlMessage("/zoomorph/latent", listOf(1.0, 0.0, 1.0)))
  }

  @Test
  fun `a MIDI knob reads its controller on its channel as 0 to 1`(): Unit = runBlocking {
    val messages = kotlinx.coroutines.flow.flowOf(
        javax.sound.midi.ShortMessage(javax.sound.midi.ShortMessage.CONTROL_CHANGE, 0, 7, 127),
        javax.sound.midi.ShortMessage(javax.sound.midi.ShortMessage.CONTROL_CHANGE, 1, 1, 10),
        javax.sound.midi.ShortMessage(javax.sound.midi.ShortMessage.NOTE_ON, 0, 1, 100),
        javax.sound.midi.ShortMessage(javax.sound.midi.ShortMessage.CONTROL_CHANGE, 0, 1, 127))
    assertThat(midiKnob(messages, controller = 1, channel = 1).values.toList()).containsExactly(1.0)
  }
}
