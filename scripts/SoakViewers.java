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
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak-test traffic (run by scripts/soak.sh; the JDK's own clients, no dependencies), for SECONDS:
 * VIEWERS WebSocket viewers of ws://127.0.0.1:PORT/ws/frames that come and go (each stays 20-120 s, leaves, comes back
 * 1-5 s later); with OSC_PORT and TOKEN also control traffic: 10 OSC messages a second (speed, contrast, a latent
 * component), one HTTP control request a second, GET /api/state every 10 s, and once a minute a preset outside the
 * preset folder, which must be refused (403). Prints one line a minute: frames received, viewer sessions, requests and
 * errors (a refused or failed request that should have worked, a viewer's error).
 *
 * Usage: java SoakViewers.java PORT VIEWERS SECONDS [OSC_PORT TOKEN]
 */
public class SoakViewers {
  static final AtomicLong frames = new AtomicLong();
  static final AtomicLong sessions = new AtomicLong();
  static final AtomicLong oscSent = new AtomicLong();
  static final AtomicLong httpOk = new AtomicLong();
  static final AtomicLong forbidden = new AtomicLong();
  static final AtomicLong errors = new AtomicLong();
  static final Random random = new Random(1);
  static final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  static HttpClient http;
  static int port;

  public static void main(String[] a) throws Exception {
    port = Integer.parseInt(a[0]);
    int viewers = Integer.parseInt(a[1]);
    int seconds = Integer.parseInt(a[2]);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < viewers; i++) {
      timer.schedule(SoakViewers::connect, random.nextInt(5000), TimeUnit.MILLISECONDS);
    }
    if (a.length >= 5) {
      int oscPort = Integer.parseInt(a[3]);
      String token = a[4];
      DatagramSocket osc = new DatagramSocket();
      timer.scheduleAtFixedRate(() -> osc(osc, oscPort), 0, 100, TimeUnit.MILLISECONDS);
      timer.scheduleAtFixedRate(() -> control(token), 0, 1, TimeUnit.SECONDS);
      timer.scheduleAtFixedRate(() -> request(HttpRequest.newBuilder(uri("/api/state")).GET(), 200), 5, 10,
          TimeUnit.SECONDS);
      timer.scheduleAtFixedRate(() -> request(post(token, "/api/preset", "{\"name\": \"/etc/passwd.json\"}"), 403), 30,
          60, TimeUnit.SECONDS);
    }
    long start = System.nanoTime();
    for (int t = 60; t <= seconds; t += 60) {
      Thread.sleep(60_000);
      System.out.printf("t=%ds frames=%d (%.1f fps per viewer) sessions=%d osc=%d http_ok=%d forbidden=%d errors=%d%n",
          t, frames.get(), frames.get() / ((System.nanoTime() - start) / 1e9) / viewers, sessions.get(), oscSent.get(),
          httpOk.get(), forbidden.get(), errors.get());
    }
    System.exit(0);
  }

  /** One viewer's visit: connects, counts frames, leaves after 20-120 s and comes back 1-5 s later. */
  static void connect() {
    http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/frames"), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        if (last) {
          frames.incrementAndGet();
        }
        ws.request(1);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        errors.incrementAndGet();
        System.out.println("viewer error: " + error);
      }
    }).whenComplete((ws, error) -> {
      if (error != null) {
        errors.incrementAndGet();
        System.out.println("viewer could not connect: " + error);
        timer.schedule(SoakViewers::connect, 5, TimeUnit.SECONDS);
        return;
      }
      sessions.incrementAndGet();
      timer.schedule(() -> {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((done, e) -> ws.abort());
        timer.schedule(SoakViewers::connect, 1000 + random.nextInt(4000), TimeUnit.MILLISECONDS);
      }, 20 + random.nextInt(100), TimeUnit.SECONDS);
    });
  }

  static void osc(DatagramSocket socket, int oscPort) {
    String[] addresses = {"/zoomorph/speed", "/zoomorph/post/contrast", "/zoomorph/latent/3"};
    String address = addresses[random.nextInt(addresses.length)];
    float value = address.endsWith("speed") ? 0.5f + random.nextFloat() : address.endsWith("contrast")
        ? 0.8f + 0.4f * random.nextFloat() : 2 * random.nextFloat() - 1;
    byte[] packet = oscMessage(address, value);
    try {
      socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), oscPort));
      oscSent.incrementAndGet();
    } catch (Exception e) {
      errors.incrementAndGet();
      System.out.println("OSC send failed: " + e);
    }
  }

  /** An OSC 1.0 message with one float argument. */
  static byte[] oscMessage(String address, float value) {
    byte[] name = padded(address);
    byte[] tags = padded(",f");
    return ByteBuffer.allocate(name.length + tags.length + 4).put(name).put(tags).putFloat(value).array();
  }

  static byte[] padded(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[(bytes.length / 4 + 1) * 4];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }

  static void control(String token) {
    double zoom = 0.8 + 0.4 * random.nextDouble();
    request(post(token, "/api/control", "{\"address\": \"/zoomorph/zoom\", \"args\": [" + zoom + "]}"), 200);
  }

  static HttpRequest.Builder post(String token, String path, String body) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static void request(HttpRequest.Builder request, int expected) {
    http.sendAsync(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
        .whenComplete((response, error) -> {
          if (error == null && response.statusCode() == expected) {
            (expected == 403 ? forbidden : httpOk).incrementAndGet();
          } else {
            errors.incrementAndGet();
            System.out.println("HTTP " + request.build().uri().getPath() + ": expected " + expected + ", got "
                + (error != null ? error : response.statusCode() + " " + response.body()));
          }
        });
  }
}
