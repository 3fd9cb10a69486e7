import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Knob-to-picture latency of a running `zoomorph serve` (BENCHMARKS.md "Knob to picture"), through the whole path:
 * an OSC datagram in, the changed JPEG frame out on a WebSocket viewer. It holds the picture (/zoomorph/hold), so
 * frames stop changing, then toggles /zoomorph/post/threshold (a switch: it lands in one frame) and times, for each
 * toggle, the first frame whose bytes differ from the frame before. Only the JDK: it talks to the show over
 * loopback, so it measures any build of Zoomorph the same way. It waits for frames without spinning (before
 * 2026-12-06 13:35 UTC it spun, taking one of a 2-core machine's cores from the show while it waited).
 *
 * Usage: java scripts/KnobLatency.java HTTP_PORT OSC_PORT [CHANGES=25]
 */
public class KnobLatency {
  /** Guards the newest frame; the viewer's thread notifies the waiting probe through it. */
  private static final Object LOCK = new Object();
  private static byte[] newest = new byte[0];
  private static long newestAt;

  public static void main(String[] a) throws Exception {
    int http = Integer.parseInt(a[0]), osc = Integer.parseInt(a[1]);
    int changes = a.length > 2 ? Integer.parseInt(a[2]) : 25;
    HttpClient client = HttpClient.newHttpClient();
    client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + http + "/ws/frames"),
        new WebSocket.Listener() {
          final ByteArrayOutputStream parts = new ByteArrayOutputStream();

          public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            parts.write(chunk, 0, chunk.length);
            if (last) {
              long at = System.nanoTime();
              byte[] frame = parts.toByteArray();
              parts.reset();
              synchronized (LOCK) {
                newestAt = at;
                newest = frame;
                LOCK.notifyAll();
              }
            }
            ws.request(1);
            return null;
          }
        }).join();
    try (DatagramSocket socket = new DatagramSocket()) {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      send(socket, loopback, osc, message("/zoomorph/hold", "T"));
      send(socket, loopback, osc, message("/zoomorph/post/threshold", "f", 0f));
      Thread.sleep(1500); // smoothing settles; the held picture stops changing
      List<Double> millis = new ArrayList<>();
      for (int i = 0; i < changes; i++) {
        Thread.sleep(250 + (i * 7) % 33); // send at different phases of the frame interval
        byte[] before;
        synchronized (LOCK) {
          before = newest;
        }
        long sent = System.nanoTime();
        send(socket, loopback, osc, message("/zoomorph/post/threshold", "f", i % 2 == 0 ? 0.5f : 0f));
        // Waits without spinning: on a 2-core machine a spinning probe takes a core from the show it measures.
        synchronized (LOCK) {
          while (Arrays.equals(newest, before) || newestAt < sent) {
            long left = 5_000_000_000L - (System.nanoTime() - sent);
            if (left <= 0) {
              throw new IllegalStateException("no changed frame within 5 s of change " + i);
            }
            LOCK.wait(Math.max(1, left / 1_000_000));
          }
          millis.add((newestAt - sent) / 1e6);
        }
      }
      String health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health")).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
      List<Double> sorted = new ArrayList<>(millis);
      sorted.sort(null);
      double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
          : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
      System.out.printf("changes %d  median %.1f ms  worst %.1f ms  best %.1f ms%n", changes, median,
          sorted.get(sorted.size() - 1), sorted.get(0));
      System.out.println("health " + health);
      System.out.println("all " + millis);
    }
    System.exit(0);
  }

  private static void send(DatagramSocket socket, InetAddress host, int port, byte[] bytes) throws Exception {
    socket.send(new DatagramPacket(bytes, bytes.length, host, port));
  }

  /** An OSC 1.0 message with no argument ("T") or one float ("f"). */
  private static byte[] message(String address, String tag, float... value) {
    ByteBuffer out = ByteBuffer.allocate(256);
    padded(out, address);
    padded(out, "," + tag);
    if (tag.equals("f")) {
      out.putFloat(value[0]);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  private static void padded(ByteBuffer out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.put(bytes);
    out.put((byte) 0);
    while (out.position() % 4 != 0) {
      out.put((byte) 0);
    }
  }
}
