package dev.zoomorph.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServer;

/**
 * How long an HTTP connection may keep a server waiting and how many one address may hold open, for every server
 * {@link ViewerServer} binds (a show's and a relay's), so that clients that connect and send nothing, or part of a
 * request and then nothing (slowloris), cannot hold its sockets. A WebSocket is past the timeouts once upgraded: a
 * viewer may watch for hours.
 *
 * @param idle how long a connection may send nothing while the server waits for a request's head: a new one, one
 *     whose head came in part, and a kept-alive one between requests
 * @param read the longest pause in a request's body
 * @param request the longest a request's body may take in all
 * @param perAddress connections one remote address may hold open at once, WebSockets included; one more is closed
 *     as soon as it is accepted
 */
public record HttpLimits(Duration idle, Duration read, Duration request, int perAddress) {

  /**
   * Connections one address may hold by default: a gallery's browsers behind one NAT, a few dozen, each with a page,
   * its frames and its state stream open and a few more while loading, fit; one client cannot take the
   * descriptors of all others (a process may have 20,000, and one client opened 19,000 in 8 s).
   */
  public static final int MAX_CONNECTIONS_PER_ADDRESS = 256;

  /**
   * Limits for a server on the network: browsers reuse an idle connection within seconds, and a request's body is
   * at most {@link JsonBodies#MAX_BODY}, which any link sends in well under these.
   */
  public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30),
      Duration.ofSeconds(60), MAX_CONNECTIONS_PER_ADDRESS);

  private static final Logger log = LoggerFactory.getLogger(HttpLimits.class);
  /** Refusals are logged at most this often, whatever the addresses, so that a flood cannot fill the log. */
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  public HttpLimits {
    for (Duration timeout : new Duration[] {idle, read, request}) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("HTTP timeouts must be positive, were " + idle + ", " + read + ", "
            + request);
      }
    }
    if (perAddress < 1) {
      throw new IllegalArgumentException("connections per address must be at least 1, was " + perAddress);
    }
  }

  /** These limits with {@code max} connections per address, e.g. for a benchmark's crowd on loopback. */
  public HttpLimits withPerAddress(int max) {
    return new HttpLimits(idle, read, request, max);
  }

  /** {@code server} with these limits, and counts of its own. */
  HttpServer applyTo(HttpServer server) {
    // Reactor Netty times out what a connection sends (idle: the request's head; read and request: its body), but
    // has no count of connections by address (maxConnections is its client pool's): an observer of the accepted
    // connections keeps one, so no handler is needed.
    return server.idleTimeout(idle)
        .readTimeout(read)
        .requestTimeout(request)
        .childObserve(new PerAddress(perAddress));
  }

  /** Counts each address's open connections, and closes those beyond {@code max}. */
  private static final class PerAddress implements ConnectionObserver {
    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong nextLog = new AtomicLong(System.nanoTime());

    PerAddress(int max) {
      this.max = max;
    }

    @Override
    public void onStateChange(Connection connection, State newState) {
      if (newState != State.CONNECTED
          || !(connection.channel().remoteAddress() instanceof InetSocketAddress remote)) {
        return;
      }
      InetAddress address = remote.getAddress();
      int count = open.merge(address, 1, Integer::sum);
      connection.channel().closeFuture().addListener(closed ->
          open.computeIfPresent(address, (key, left) -> left == 1 ? null : left - 1));
      if (count > max) {
        connection.channel().close();
        refused(address);
      }
    }

    private void refused(InetAddress address) {
      long total = refused.incrementAndGet();
      long now = System.nanoTime();
      long due = nextLog.get();
      if (now - due >= 0 && nextLog.compareAndSet(due, now + LOG_EVERY.toNanos())) {
        log.warn("refusing connections from {} beyond {} open at once ({} refused since the start; said at most"
            + " once a minute)", address.getHostAddress(), max, total);
      }
    }
  }
}
