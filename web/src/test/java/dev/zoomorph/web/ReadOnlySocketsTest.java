package dev.zoomorph.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.junit.jupiter.api.Test;

class ReadOnlySocketsTest {

  /**
   * Every socket's close at the show's end reads the same bytes: writing one (and releasing it, as a write does)
   * leaves them whole for the next, and each arrives as 1001 "the show has ended".
   */
  @Test
  void everySocketGetsTheWholeShowEndedClose() {
    EmbeddedChannel server = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    for (int socket = 0; socket < 3; socket++) {
      // a decoder reads nothing after a close: one client for each socket
      EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1024));
      CloseWebSocketFrame sent = ReadOnlySockets.showEnded();
      assertThat(server.writeOutbound(sent)).isTrue();
      assertThat(sent.refCnt()).as("a shared close is never freed").isEqualTo(1);
      ByteBuf wire;
      while ((wire = server.readOutbound()) != null) {
        client.writeInbound(wire);
      }
      CloseWebSocketFrame received = client.readInbound();
      assertThat(received.statusCode()).as("socket %d", socket)
          .isEqualTo(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code());
      assertThat(received.reasonText()).as("socket %d", socket).isEqualTo("the show has ended");
      received.release();
      assertThat(client.finishAndReleaseAll()).isFalse();
    }
    assertThat(server.finishAndReleaseAll()).isFalse();
  }
}
