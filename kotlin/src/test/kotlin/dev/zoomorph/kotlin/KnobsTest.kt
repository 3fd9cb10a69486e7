package dev.zoomorph.kotlin

import dev.zoomorph.engine.control.osc.OscBundle
import dev.zoomorph.engine.control.osc.OscCodec
import dev.zoomorph.engine.control.osc.OscMessage
import dev.zoomorph.engine.control.osc.OscPacket
import dev.zoomorph.engine.control.osc.OscTimeTag
import java.net.DatagramPacket
import java.net.DatagramSocket
import java.net.InetSocketAddress
import java.time.Instant
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(60)
class KnobsTest {
  private fun send(socket: DatagramSocket, to: InetSocketAddress, packet: OscPacket) {
    val bytes = OscCodec.encode(packet)
    socket.send(DatagramPacket(bytes, bytes.size, to))
  }

  @Test
  fun `a knob's bundle tagged ahead turns it when its time comes, as on the show's own OSC port`(): Unit =
    runBlocking {
      OscKnobs(0).use { knobs ->
        val values = async(Dispatchers.Default) { withTimeout(30_000) { knobs.knob("/k").values.take(2).toList() } }
        DatagramSocket(InetSocketAddress("127.0.0.1", 0)).use { socket ->
          // Sent first, due later: it comes second, after the plain message sent behind it.
          val ahead = OscTimeTag.of(Instant.now().plusMillis(500))
          send(socket, knobs.address, OscBundle.of(ahead, OscMessage.of("/k", 1f)))
          send(socket, knobs.address, OscMessage.of("/k", 2f))
        }
        assertThat(values.await()).containsExactly(2.0, 1.0)
      }
    }
}
