package dev.zoomorph.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import reactor.netty.http.HttpDecoderSpec;

/**
 * Answers a request that Netty's HTTP codec could not read (a request line or headers over their limits, a line or
 * header that is not HTTP) with the status Reactor Netty would send, but with the API's {@code {"error": ...}} body
 * naming the problem and the security headers every other answer carries (Reactor Netty's own answer is a bare
 * status), then closes the connection, dropping whatever else it sends. Sits right after the codec, one per
 * connection.
 */
final class MalformedRequests extends ChannelInboundHandlerAdapter {

  /** Its name in the pipeline. */
  static final String NAME = "zoomorph.malformedRequests";

  private boolean answered;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answered) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof HttpRequest request) || request.decoderResult().isSuccess()) {
      ctx.fireChannelRead(msg);
      return;
    }
    answered = true;
    Throwable cause = request.decoderResult().cause();
    ReferenceCountUtil.release(msg);
    HttpResponseStatus status;
    String error;
    // The limits are Reactor Netty's defaults, which the servers keep.
    if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      error = "the request line (method, URI and version) is over "
          + HttpDecoderSpec.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      error = "the request's headers are over " + HttpDecoderSpec.DEFAULT_MAX_HEADER_SIZE + " bytes";
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      error = "the request is not HTTP/1.1 that can be read: " + cause.getMessage();
    }
    byte[] body = JsonBodies.bytes(Map.of("error", error));
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    WebAssets.secured(response.headers())
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
