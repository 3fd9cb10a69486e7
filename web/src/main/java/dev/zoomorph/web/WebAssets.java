package dev.zoomorph.web;

import dev.zoomorph.shaders.Shaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The browser side: the viewer page ({@code /}), the control page ({@code /control}), their scripts, style and
 * icon, and the GLSL the viewer draws CPPNs with, which is the GL backend's own shader files ({@link Shaders}, served
 * at {@code /glsl/...}), so the browser and the GL backend run the same maths. Read once from the classpath, so
 * serving does no disk I/O.
 *
 * <p>Every response carries a Content-Security-Policy that allows only the page's own scripts, styles and
 * connections (no inline script, no other origin), and is never framed; no CORS header is ever sent.
 */
public final class WebAssets {

  /** The Content-Security-Policy header every page, script and JSON answer carries. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The headers {@link #secured} adds, in order. */
  private static final List<Map.Entry<String, String>> SECURITY_HEADERS = List.of(
      Map.entry("Content-Security-Policy", CONTENT_SECURITY_POLICY), Map.entry("X-Content-Type-Options", "nosniff"),
      Map.entry("Referrer-Policy", "no-referrer"));

  private static final String WEB = "/dev/zoomorph/web/";
  private static final String SVG = "image/svg+xml";
  private static final List<String> SHADERS =
      List.of("fullscreen.vert", "cppn.frag", "post.frag", "crossfade.frag", "present.frag");
  private static final List<String> VIEWER_SCRIPTS =
      List.of("viewer-page.js", "viewer.js", "state-stream.js", "show-renderer.js");

  /** One file served: its URL path, type and bytes. */
  private record Asset(String path, String contentType, byte[] bytes) {}

  private final List<Asset> assets;

  private WebAssets(List<Asset> assets) {
    this.assets = List.copyOf(assets);
  }

  /** The viewer page and what it loads: what a relay serves. */
  public static WebAssets viewer() {
    return new WebAssets(viewerAssets());
  }

  /** The viewer and the control page: what a show with controls serves. */
  public static WebAssets viewerAndControl() {
    List<Asset> assets = viewerAssets();
    assets.add(new Asset("/control", "text/html; charset=utf-8", read(WEB + "control.html")));
    assets.add(web("control.js"));
    return new WebAssets(assets);
  }

  private static List<Asset> viewerAssets() {
    List<Asset> assets = new ArrayList<>();
    assets.add(new Asset("/", "text/html; charset=utf-8", read(WEB + "viewer.html")));
    assets.add(web("zoomorph.css"));
    assets.add(web("icon.svg"));
    // Where a browser looks for an icon without a page naming one (a JSON answer opened in a tab): the same picture.
    assets.add(new Asset("/favicon.ico", SVG, read(WEB + "icon.svg")));
    VIEWER_SCRIPTS.forEach(script -> assets.add(web(script)));
    for (String shader : SHADERS) {
      assets.add(new Asset("/glsl/" + shader, "text/plain; charset=utf-8",
          Shaders.source(shader).getBytes(StandardCharsets.UTF_8)));
    }
    return assets;
  }

  private static Asset web(String file) {
    String type = file.endsWith(".js") ? "text/javascript; charset=utf-8"
        : file.endsWith(".svg") ? SVG : "text/css; charset=utf-8";
    return new Asset("/assets/" + file, type, read(WEB + file));
  }

  /** Adds a GET route for every file. */
  public void routes(HttpServerRoutes routes) {
    for (Asset asset : assets) {
      routes.get(asset.path(), (request, response) -> send(response, asset));
    }
  }

  private static Publisher<Void> send(HttpServerResponse response, Asset asset) {
    return secured(response)
        .header(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
        .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .sendByteArray(Mono.just(asset.bytes()));
  }

  /** The headers every page and script gets: the CSP, no MIME sniffing, no referrer. */
  public static HttpServerResponse secured(HttpServerResponse response) {
    SECURITY_HEADERS.forEach(header -> response.header(header.getKey(), header.getValue()));
    return response;
  }

  /** {@link #secured(HttpServerResponse)} for a response written to the channel, not through Reactor Netty. */
  static HttpHeaders secured(HttpHeaders headers) {
    SECURITY_HEADERS.forEach(header -> headers.set(header.getKey(), header.getValue()));
    return headers;
  }

  private static byte[] read(String resource) {
    try (InputStream in = WebAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + resource + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading classpath resource " + resource, e);
    }
  }
}
