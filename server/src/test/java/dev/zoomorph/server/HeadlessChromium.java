package dev.zoomorph.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Debian's headless Chromium showing one page, driven over the DevTools protocol (a WebSocket): a real browser
 * running the page's own scripts, with screenshots on demand. Close it to end the browser.
 *
 * <p>{@link #withWebGl} starts it with WebGL2 on SwiftShader, Chromium's CPU renderer (no GPU needed; see STACK.md):
 * without {@code --disable-gpu}, with ANGLE on SwiftShader. What the page logs to its console and the exceptions it
 * throws are kept ({@link #console}), so a failing test can say what went wrong in the page.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path profile;
  private final Process process;
  private final WebSocket devtools;
  private final AtomicInteger nextId = new AtomicInteger(1);
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> console = new CopyOnWriteArrayList<>();

  /** A browser without a GPU process and without WebGL (as a browser that has no WebGL2), a 320×240 window. */
  HeadlessChromium(String url, Path profile) throws IOException, InterruptedException {
    this(url, profile, List.of("--disable-gpu", "--disable-webgl", "--window-size=320,240"));
  }

  /** A browser with WebGL2 on SwiftShader, its window {@code width}×{@code height}. */
  static HeadlessChromium withWebGl(String url, Path profile, int width, int height)
      throws IOException, InterruptedException {
    return new HeadlessChromium(url, profile, List.of("--use-angle=swiftshader", "--enable-unsafe-swiftshader",
        "--window-size=" + width + "," + height));
  }

  private HeadlessChromium(String url, Path profile, List<String> flags) throws IOException, InterruptedException {
    this.profile = profile;
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--remote-debugging-port=0"));
    command.addAll(flags);
    command.add(url);
    this.process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(profile.resolveSibling("chromium.log").toFile())
        .start();
    try {
      int port = devToolsPort();
      this.devtools = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(pageDebuggerUrl(port, url)), new Replies())
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("Chromium did not start its DevTools endpoint: " + e, e);
    }
    call("Runtime.enable", Map.of());
  }

  /** What the page logged (console calls and uncaught exceptions), oldest first. */
  List<String> console() {
    return List.copyOf(console);
  }

  /** Loads {@code url} in the page and waits until its document has loaded. */
  void navigate(String url) {
    call("Page.navigate", Map.of("url", url));
    Polling.await(() -> evaluate("location.href === " + JSON.valueToTree(url) + " && document.readyState === 'complete'")
        .asBoolean(), TIMEOUT, () -> "the page " + url + " did not load");
  }

  /** Chromium writes the port it picked to DevToolsActivePort in the profile. */
  private int devToolsPort() throws IOException, InterruptedException {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).trim());
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium exited with status " + process.exitValue());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no DevToolsActivePort after " + TIMEOUT);
  }

  private static String pageDebuggerUrl(int port, String url) throws IOException, InterruptedException {
    HttpResponse<String> targets = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonNode target : JSON.readTree(targets.body())) {
      if ("page".equals(target.path("type").asText()) && target.path("url").asText().startsWith(url)) {
        return target.get("webSocketDebuggerUrl").asText();
      }
    }
    throw new IllegalStateException("no page target for " + url + " in " + targets.body());
  }

  /** Sends one DevTools command and waits for its result. */
  JsonNode call(String method, Map<String, Object> params) {
    int id = nextId.getAndIncrement();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    devtools.sendText(command.toString(), true);
    try {
      JsonNode message = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (message.has("error")) {
        throw new IllegalStateException(method + " failed: " + message.get("error"));
      }
      return message.get("result");
    } catch (Exception e) {
      throw new IllegalStateException(method + " got no reply: " + e, e);
    }
  }

  /** The value of a JavaScript expression evaluated in the page (awaited, if it is a promise). */
  JsonNode evaluate(String expression) {
    return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true))
        .path("result").path("value");
  }

  BufferedImage screenshot() {
    String png = call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
    try {
      return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    devtools.abort();
    // Chromium's helpers (renderer, GPU, crash handler) can outlive the browser process for a moment and keep
    // writing into the profile, which the test's temporary folder then cannot delete: end them all, and wait.
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle helper : helpers) {
      helper.destroy();
    }
    for (ProcessHandle helper : helpers) {
      try {
        helper.onExit().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        helper.destroyForcibly();
      }
    }
  }

  /** Joins message fragments and completes the command each reply answers; events are ignored. */
  private final class Replies implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode reply = JSON.readTree(message.toString());
          CompletableFuture<JsonNode> waiting = reply.has("id") ? pending.remove(reply.get("id").asInt()) : null;
          if (waiting != null) {
            waiting.complete(reply);
          }
          String event = reply.path("method").asText();
          if (event.equals("Runtime.consoleAPICalled")) {
            StringBuilder line = new StringBuilder(reply.at("/params/type").asText()).append(':');
            reply.at("/params/args").forEach(arg -> line.append(' ').append(arg.has("value")
                ? arg.get("value").asText() : arg.path("description").asText()));
            console.add(line.toString());
          } else if (event.equals("Runtime.exceptionThrown")) {
            console.add("exception: " + reply.at("/params/exceptionDetails/exception/description").asText(
                reply.at("/params/exceptionDetails/text").asText()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(new String(message.toString().getBytes(StandardCharsets.UTF_8),
              StandardCharsets.UTF_8), e);
        } finally {
          message.setLength(0);
        }
      }
      socket.request(1);
      return null;
    }
  }
}
