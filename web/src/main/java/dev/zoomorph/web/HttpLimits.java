package dev.zoomorph.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServer;

/**
 * How long an HTTP connection may keep a server waiting and how many one address, and all together, may hold open,
 * for every server {@link ViewerServer} binds (a show's and a relay's), so that clients that connect and send
 * nothing, or part of a request and then nothing (slowloris), cannot hold its sockets, and many clients together
 * cannot take every file descriptor the process has (it still opens presets, models and its log). A WebSocket is
 * past the timeouts once upgraded: a viewer may watch for hours.
 *
 * @param idle how long the server waits for a request's whole head, on a new connection and on a kept-alive one
 *     between requests: a head sent a few bytes at a time does not restart it (Reactor Netty's idle timer sees only
 *     whole requests)
 * @param read the longest pause in a request's body
 * @param request the longest a request's body may take in all
 * @param perAddress connections one remote address may hold open at once, WebSockets included; one more is closed
 *     as soon as it is accepted. An IPv6 address counts with its whole /64 network, which one host is given.
 * @param total connections all addresses together may hold open at once; one more is closed as soon as it is accepted
 */
public record HttpLimits(Duration idle, Duration read, Duration request, int perAddress, int total) {

  /**
   * Connections one address may hold by default: a gallery's browsers behind one NAT, a few dozen, each with a page,
   * its frames and its state stream open and a few more while loading, fit; one client cannot take the
   * descriptors of all others (a process may have 20,000, and one client opened 19,000 in 8 s).
   */
  public static final int MAX_CONNECTIONS_PER_ADDRESS = 256;

  /**
   * Connections all addresses may hold by default: a few thousand viewers, each with its frames and state stream
   * (bigger audiences watch through relays, each with limits of its own), well within the descriptors a process
   * has (the JVM raises its limit to the hard one, 524,288 on Debian).
   */
  public static final int MAX_CONNECTIONS = 8192;

  /**
   * Limits for a server on the network: browsers reuse an idle connection within seconds, and a request's body is
   * at most {@link JsonBodies#MAX_BODY}, which any link sends in well under these.
   */
  public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(30),
      Duration.ofSeconds(60), MAX_CONNECTIONS_PER_ADDRESS, MAX_CONNECTIONS);

  private static final Logger log = LoggerFactory.getLogger(HttpLimits.class);
  /**
   * Each limit's refusals are logged at most this often, whatever the addresses, so that a flood cannot fill the log.
   */
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  public HttpLimits {
    for (Duration timeout : new Duration[] {idle, read, request}) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("HTTP timeouts must be positive, were " + idle + ", " + read + ", "
            + request);
      }
    }
    if (perAddress < 1 || total < 1) {
      throw new IllegalArgumentException("connections per address and in all must be at least 1, were " + perAddress
          + " and " + total);
    }
  }

  /** These limits with no count of connections, for a benchmark's crowd of thousands on loopback. */
  public HttpLimits withAnyNumberOfConnections() {
    return new HttpLimits(idle, read, request, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** {@code server} with these limits, and counts of its own. */
  HttpServer applyTo(HttpServer server) {
    // Reactor Netty times out what a connection sends (idle: the request's head; read and request: its body), but
    // has no count of connections by address (maxConnections is its client pool's): an observer of the accepted
    // connections keeps one, so no handler is needed.
    return server.idleTimeout(idle)
        .readTimeout(read)
        .requestTimeout(request)
        .childObserve(new Counted(perAddress, total));
  }

  /**
   * Whose connections {@code address}'s count among: an IPv4 address's own, an IPv6 address's /64 network's (a
   * host is given a whole /64 and may use any address in it).
   */
  public static InetAddress countedAs(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] network = Arrays.copyOf(address.getAddress(), 16);
    Arrays.fill(network, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(network);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes are an IPv6 address", e);
    }
  }

  /** Counts the open connections of each address and of all, and closes those beyond either limit. */
  private static final class Counted implements ConnectionObserver {
    private final int perAddress;
    private final int total;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final AtomicInteger openInAll = new AtomicInteger();
    // Each limit's refusals are said on their own: one address's flood must not hide that all together are full.
    private final Refusals beyondAddress = new Refusals();
    private final Refusals beyondTotal = new Refusals();

    Counted(int perAddress, int total) {
      this.perAddress = perAddress;
      this.total = total;
    }

    @Override
    public void onStateChange(Connection connection, State newState) {
      if (newState != State.CONNECTED
          || !(connection.channel().remoteAddress() instanceof InetSocketAddress remote)) {
        return;
      }
      InetAddress address = countedAs(remote.getAddress());
      int count = open.merge(address, 1, Integer::sum);
      int inAll = openInAll.incrementAndGet();
      connection.channel().closeFuture().addListener(closed -> {
        open.computeIfPresent(address, (key, left) -> left == 1 ? null : left - 1);
        openInAll.decrementAndGet();
      });
      if (count > perAddress) {
        beyondAddress.refuse(connection, "from " + address.getHostAddress() + " beyond " + perAddress);
      } else if (inAll > total) {
        beyondTotal.refuse(connection, "beyond " + total);
      }
    }
  }

  /** The connections one limit refuses, said in the log at most once a minute. */
  private static final class Refusals {
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong nextLog = new AtomicLong(System.nanoTime());

    void refuse(Connection connection, String beyond) {
      connection.channel().close();
      long refusedSoFar = refused.incrementAndGet();
      long now = System.nanoTime();
      long due = nextLog.get();
      if (now - due >= 0 && nextLog.compareAndSet(due, now + LOG_EVERY.toNanos())) {
        log.warn("refusing connections {} open at once ({} refused so far; said at most once a minute)",
            beyond, refusedSoFar);
      }
    }
  }
}
