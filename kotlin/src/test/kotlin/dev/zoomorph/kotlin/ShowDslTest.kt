package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.ControlBus
import dev.zoomorph.engine.control.osc.OscCodec
import dev.zoomorph.engine.control.osc.OscMessage
import dev.zoomorph.render.Backend
import dev.zoomorph.server.ServeException
import java.net.ConnectException
import java.net.DatagramPacket
import java.net.DatagramSocket
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.plus
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import reactor.core.publisher.Flux

@Timeout(120)
class ShowDslTest {
  private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

  private fun health(port: Int): Int = http.send(
      HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/health")).timeout(Duration.ofSeconds(5)).build(),
      HttpResponse.BodyHandlers.ofString()).statusCode()

  @Test
  fun `a show in a dozen lines serves frames, takes an OSC knob along a latent direction, and stops on cancel`(): Unit =
    runBlocking {
      val plan = show {
        model = bundled("fashion-cppn-vae-gan")
        knobs(oscPort = 0)
        latents = morph(keyframes = 4, secondsPerSegment = 2.0) + oscKnob("/knob/1") * direction(3) * 2.0
        post { palette = "fire" }
        smoothingSeconds = 0.0
        renderScale = 1.0
        size(64, 64)
        fps = 20.0
        backend = Backend.CPU
        serve(port = 0)
      }
      val started = CompletableDeferred<PlayingShow>()
      val job = launch(Dispatchers.Default) {
        plan.play {
          started.complete(this)
          kotlinx.coroutines.awaitCancellation()
        }
      }
      val show = withTimeout(60_000) { started.await() }
      val port = show.httpPort!!
      assertThat(health(port)).isEqualTo(200)

      val frames = withTimeout(30_000) { show.frameFlow().take(3).toList() }
      assertThat(frames).allSatisfy {
        assertThat(it.width()).isEqualTo(64)
        assertThat(it.channels()).isEqualTo(3) // the fire palette colours the grey model
      }

      val knobbed = async(Dispatchers.Default) {
        show.controls.appliedFlow().filter { it.input() == "kotlin-knobs" && it.message().number(3) > 1.0 }.first()
      }
      delay(300)
      val knobs = show.knobOscAddress!!
      DatagramSocket().use { socket ->
        val bytes = OscCodec.encode(OscMessage.of("/knob/1", 0.75f))
        socket.send(DatagramPacket(bytes, bytes.size, InetSocketAddress("127.0.0.1", knobs.port)))
      }
      val applied: ControlBus.Applied = withTimeout(10_000) { knobbed.await() }
      assertThat(applied.message().address()).isEqualTo("/zoomorph/latent")
      assertThat(applied.message().number(3)).isEqualTo(1.5)
      assertThat(applied.message().number(0)).isEqualTo(0.0)

      job.cancelAndJoin()
      assertThatThrownBy { health(port) }.isInstanceOf(ConnectException::class.java)
      DatagramSocket(InetSocketAddress("127.0.0.1", knobs.port)).close() // the knobs' port is free again
    }

  @Test
  fun `a show cancelled while it starts is closed once started`(): Unit = runBlocking {
    val port = java.net.ServerSocket(0).use { it.localPort }
    val plan = show {
      model = bundled("fashion-cppn-vae-gan")
      size(32, 32)
      backend = Backend.CPU
      serve(port = port)
    }
    // Latents whose subscription, inside start(), waits for the test: the cancel surely comes while it starts.
    val starting = CountDownLatch(1)
    val goOn = CountDownLatch(1)
    plan.javaBuilder.latents(Flux.create { sink ->
      starting.countDown()
      goOn.await()
      sink.next(dev.zoomorph.engine.latent.Latent.zeros(32))
    })
    val job = plan.launchIn(this + Dispatchers.Default)
    assertThat(runInterruptible(Dispatchers.IO) { starting.await(60, TimeUnit.SECONDS) }).isTrue()
    job.cancel()
    goOn.countDown()
    job.join()
    assertThat(job.isCancelled).isTrue()
    java.net.ServerSocket().use { it.bind(InetSocketAddress("127.0.0.1", port)) } // free: the show was closed
  }

  @Test
  fun `latents of the wrong size, then a failing flow, leave the show playing`(): Unit = runBlocking {
    val bad = kotlinx.coroutines.flow.flow {
      emit(dev.zoomorph.engine.latent.Latent.zeros(3)) // the model takes 32: dropped and logged
      throw IllegalStateException("the program's latents failed")
    }
    show {
      model = bundled("fashion-cppn-vae-gan")
      latents = follow(bad)
      size(32, 32)
      backend = Backend.CPU
    }.play {
      assertThat(withTimeout(30_000) { frameFlow().take(3).toList() }).hasSize(3)
    }
  }

  @Test
  fun `a show that cannot start says which setting to change and leaves nothing running`() {
    DatagramSocket(InetSocketAddress("127.0.0.1", 0)).use { taken ->
      val plan = show {
        knobs(oscPort = taken.localPort)
        latents = morph() + oscKnob("/k") * direction(0)
        size(32, 32)
        backend = Backend.CPU
      }
      assertThatThrownBy { plan.start() }.isInstanceOf(ServeException::class.java)
          .satisfies({ assertThat((it as ServeException).failed()).isEqualTo(ServeException.Cause.OSC_PORT) })
    }
  }

  @Test
  fun `an osc knob without a knob port is refused where it is written`() {
    assertThatThrownBy { show { latents = morph() + oscKnob("/k") * direction(0) } }
        .isInstanceOf(IllegalArgumentException::class.java).hasMessage("oscKnob(\"/k\") needs knobs(oscPort = PORT)")
  }
}
