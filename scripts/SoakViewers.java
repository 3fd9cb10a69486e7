import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/** Soak-test viewers (run by scripts/soak.sh; the JDK's own WebSocket client, no dependencies): N viewers of ws://127.0.0.1:PORT/ws/frames for S seconds; prints frames received every 60 s. */
public class SoakViewers {
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]), seconds = Integer.parseInt(a[2]);
    AtomicLong frames = new AtomicLong();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < n; i++) {
      http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/frames"), new WebSocket.Listener() {
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
          if (last) frames.incrementAndGet();
          ws.request(1);
          return null;
        }
      }).join();
    }
    long start = System.nanoTime();
    for (int t = 60; t <= seconds; t += 60) {
      Thread.sleep(60_000);
      System.out.printf("t=%ds frames=%d (%.1f fps per viewer)%n", t, frames.get(), frames.get() / ((System.nanoTime() - start) / 1e9) / n);
    }
    System.exit(0);
  }
}
