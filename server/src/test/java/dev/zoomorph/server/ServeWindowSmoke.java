package dev.zoomorph.server;

import dev.zoomorph.render.WindowOptions;
import dev.zoomorph.render.WindowOutput;
import dev.zoomorph.render.WindowProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Child JVM of {@link ServeWindowTest} (DISPLAY set to a private Xvfb): runs {@code serve --window}, receives frames
 * over the WebSocket, reads back what the window shows, counts the frames copied between CPU and GPU, then presses the
 * window's close button and reports how serve ended, one fact per line. The first argument is the backend.
 */
final class ServeWindowSmoke {
  private static final Pattern ADDRESS = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern TOKEN = Pattern.compile("changes need the token (\\S+)");

  public static void main(String[] args) throws Exception {
    CompletableFuture<WindowOutput> opened = new CompletableFuture<>();
    Function<WindowOptions, WindowOutput> opener = options -> {
      WindowOutput window = WindowOutput.open(options);
      opened.complete(window);
      return window;
    };
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == ServeCommand.class ? type.cast(new ServeCommand(opener, System.getenv())) : CommandLine.defaultFactory().create(type);
      }
    };
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine(factory);
    cli.setOut(new PrintWriter(out, true));
    String backend = args[0];
    CompletableFuture<Integer> serve = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--window",
        "--port", "0", "--no-osc", "--backend", backend, "--size", "96x96", "--fps", "15"));

    WindowOutput window = opened.get(60, TimeUnit.SECONDS);
    System.out.println("window: " + window.description());
    int port = port(out);

    CountDownLatch frames = new CountDownLatch(3);
    CountDownLatch closed = new CountDownLatch(1);
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/frames"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) {
              frames.countDown();
            }
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.countDown();
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    System.out.println("websocket frames " + (frames.await(30, TimeUnit.SECONDS) ? "received" : "missing"));

    // The title bar names the preset playing, and follows a switch.
    System.out.println("title " + awaitTitle(window, "zoomorph: default"));
    Matcher token = TOKEN.matcher(out.toString());
    HttpResponse<String> switched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/preset"))
        .header("X-Zoomorph-Token", token.find() ? token.group(1) : "none")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"drift\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.println("switched " + switched.statusCode());
    System.out.println("title " + awaitTitle(window, "zoomorph: drift"));

    int spread = 0;
    for (int attempt = 0; attempt < 50 && spread <= 10; attempt++) {
      spread = spread(WindowProbe.pixels(window));
      Thread.sleep(100);
    }
    System.out.println("window spread " + spread);
    System.out.println("shares the GL device " + WindowProbe.sharesGlDevice(window));
    long uploads = WindowProbe.uploads(window);
    long readbacks = WindowProbe.readbacks(window);
    Thread.sleep(1000);
    System.out.println("in a second: uploads " + (WindowProbe.uploads(window) - uploads) + " readbacks "
        + (WindowProbe.readbacks(window) - readbacks));

    WindowProbe.pressClose(window);
    int exit = serve.get(30, TimeUnit.SECONDS);
    System.out.println("serve exit " + exit);
    System.out.println("websocket " + (closed.await(10, TimeUnit.SECONDS) ? "closed" : "still open"));
    socket.abort();
    System.exit(0);
  }

  /** The window's title once it is {@code wanted}, or as it is after 30 s. */
  private static String awaitTitle(WindowOutput window, String wanted) throws InterruptedException {
    String title = WindowProbe.title(window);
    for (int attempt = 0; attempt < 300 && !title.equals(wanted); attempt++) {
      Thread.sleep(100);
      title = WindowProbe.title(window);
    }
    return title;
  }

  private static int port(StringWriter out) throws InterruptedException {
    for (int attempt = 0; attempt < 600; attempt++) {
      Matcher address = ADDRESS.matcher(out.toString());
      if (address.find()) {
        return Integer.parseInt(address.group(1));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("serve printed no address: " + out);
  }

  private static int spread(byte[] pixels) {
    int min = 255;
    int max = 0;
    for (byte b : pixels) {
      min = Math.min(min, b & 0xff);
      max = Math.max(max, b & 0xff);
    }
    return max - min;
  }
}
