package dev.zoomorph.relay.demo;

import dev.zoomorph.relay.NatsAddress;
import dev.zoomorph.relay.NatsPublisher;
import dev.zoomorph.relay.NatsServerProcess;
import dev.zoomorph.relay.RelayServer;
import dev.zoomorph.web.JpegFeed;
import dev.zoomorph.web.SharedJpeg;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The relay module on its own, on one machine: a local {@code nats-server}, a moving test pattern published to it
 * exactly as {@code serve --publish} publishes a show's frames (a {@link JpegFeed} into a {@link NatsPublisher}),
 * and a {@link RelayServer} serving it to browsers. No model, no GL: what is left is the path frames take from a
 * render node to a relay's viewers.
 *
 * <pre>
 * relay/demo            # http://127.0.0.1:8080/ until Ctrl-C
 * relay/demo 8090 20    # another port, for 20 seconds
 * </pre>
 */
public final class RelayDemo implements AutoCloseable {

  /** The test pattern's size and rate: small enough that encoding it costs this demo next to nothing. */
  static final int WIDTH = 320;
  static final int HEIGHT = 180;
  static final Duration FRAME = Duration.ofMillis(40);
  private static final String SUBJECT = "zoomorph.demo";

  private final NatsServerProcess nats;
  private final JpegFeed feed = new JpegFeed();
  // A JDK executor rather than a Reactor scheduler: its shutdown waits for the frame being painted, on no other thread.
  private final ScheduledExecutorService painter = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "relay-demo-pattern");
    thread.setDaemon(true);
    return thread;
  });
  private long frame;
  private final NatsPublisher publisher;
  private final RelayServer relay;
  private final Path natsLog;

  private RelayDemo(Path natsLog, int port) throws IOException {
    this.natsLog = natsLog;
    nats = NatsServerProcess.start(natsLog);
    NatsAddress address = NatsAddress.parse(nats.url(SUBJECT), Map.of());
    publisher = new NatsPublisher(address, feed.jpegs());
    try {
      relay = RelayServer.start(address, "127.0.0.1", port);
    } catch (IllegalStateException e) { // the port is taken: leave no nats-server behind
      publisher.close();
      nats.close();
      throw e;
    }
    painter.scheduleAtFixedRate(() -> feed.publish(new SharedJpeg(pattern(frame++))),
        FRAME.toNanos(), FRAME.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Starts nats-server (its output in a temporary file, {@link #natsLog}, deleted by {@link #close}), the pattern
   * and a relay on {@code port} (0: any free). When nats-server does not start, its log is kept and the exception
   * names it; when anything else fails, the log is deleted.
   */
  public static RelayDemo start(int port) throws IOException {
    Path log = Files.createTempFile("relay-demo-nats", ".log");
    try {
      return new RelayDemo(log, port);
    } catch (RuntimeException | Error e) { // not an IOException from nats-server's start, which names the log it keeps
      Files.deleteIfExists(log);
      throw e;
    }
  }

  /** nats-server's log, there while the demo runs. */
  public Path natsLog() {
    return natsLog;
  }

  /** Where a browser watches the relay. */
  public String url() {
    return "http://" + relay.host() + ":" + relay.port() + "/";
  }

  /** The relay's port. */
  public int port() {
    return relay.port();
  }

  /** Frames handed to NATS so far. */
  public long published() {
    return publisher.published();
  }

  /** Frame {@code n} of the test pattern as a JPEG: colour bars that slide one step a frame, and the number. */
  static byte[] pattern(long n) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      int bar = WIDTH / 8;
      for (int i = -1; i <= 8; i++) {
        g.setColor(Color.getHSBColor(Math.floorMod(i + n / bar, 8) / 8f, 0.8f, 0.9f));
        g.fillRect(i * bar + (int) (n % bar), 0, bar, HEIGHT);
      }
      g.setColor(Color.BLACK);
      g.fillRect(0, HEIGHT - 40, WIDTH, 40);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 24));
      g.drawString("frame " + n, 12, HEIGHT - 12);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpeg", jpeg);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding the test pattern", e);
    }
    return jpeg.toByteArray();
  }

  /** Stops the pattern, the relay, the publisher and nats-server, and deletes nats-server's log; idempotent. */
  @Override
  public void close() {
    // Stop the pattern and wait for a frame being painted (one that comes after the feed closed is released by it).
    painter.shutdown();
    try {
      painter.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    relay.close();
    publisher.close();
    feed.close();
    nats.close();
    try {
      Files.deleteIfExists(natsLog);
    } catch (IOException e) {
      System.err.println("relay/demo: could not delete nats-server's log " + natsLog + ": " + e.getMessage());
    }
  }

  /** {@code [PORT=8080] [SECONDS]}: runs until Ctrl-C, or for SECONDS. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int port;
    long seconds;
    try {
      port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
      seconds = args.length > 1 ? Long.parseLong(args[1]) : 0;
      if (port < 0 || port > 65535 || seconds < 0 || args.length > 2) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      System.err.println("usage: relay/demo [PORT (0-65535, default 8080)] [SECONDS (default: until Ctrl-C)]");
      System.exit(2);
      return;
    }
    RelayDemo demo;
    try {
      demo = start(port);
    } catch (IllegalStateException | IOException e) {
      System.err.println("relay/demo: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
    }, "relay-demo-shutdown"));
    System.out.printf("A test pattern goes through nats-server (log: %s, deleted on exit) to a relay: open %s"
        + "  (Ctrl-C stops)%n", demo.natsLog(), demo.url());
    if (seconds > 0) {
      Thread.sleep(Duration.ofSeconds(seconds).toMillis());
      System.out.printf("%d frames published; stopping%n", demo.published());
      System.exit(0);
    }
    stopped.await();
  }
}
