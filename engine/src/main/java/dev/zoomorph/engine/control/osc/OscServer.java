package dev.zoomorph.engine.control.osc;

import dev.zoomorph.engine.concurrent.SingleThreads;
import dev.zoomorph.engine.control.RateLimits;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.udp.UdpServer;

/**
 * A UDP OSC server on reactor-netty. Each datagram is decoded on the network event loop ({@link OscCodec}); its
 * messages (bundles flattened, each with its bundle's time tag) go into a bounded buffer and reach subscribers of
 * {@link #messages()} (or {@link #received()}, with their senders, which {@link #reply} can answer; or
 * {@link #onTime}, each when its time tag says) on a dedicated thread, never on the event loop.
 *
 * <p>Nothing a sender does can stall or crash it: oversize, malformed and non-finite packets are counted and dropped,
 * and when subscribers fall behind, new messages are dropped and counted as overflow rather than queued without
 * limit. It reads at most 20,000 datagrams a second; a flood beyond that waits in the kernel's socket buffer, whose
 * overflow the kernel drops, so a flood cannot take more than a small share of a core. See {@link #stats()}.
 *
 * <pre>{@code
 * OscServer server = new OscServer();
 * server.start();                                  // 127.0.0.1:9000
 * OscControls adapter = new OscControls(addresses);   // the addresses the show has now
 * Flux<OscReceived> onTime = server.onTime((message, refusal) -> log.info(refusal.getMessage()));
 * bus.attach("osc", onTime.flatMapIterable(received -> adapter.toControls(received.message(), log::info)));
 * }</pre>
 */
public final class OscServer implements AutoCloseable {
  /** The port {@link #start()} binds. */
  public static final int DEFAULT_PORT = 9000;
  /** Where a refused message is answered ({@link #reply}): the address and what was wrong (docs/control.md). */
  public static final String REFUSED = "/zoomorph/error";
  /** The host {@link #start()} binds: loopback only, so nothing off this machine can drive the show by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Largest datagram accepted by default, far more than any control message needs. */
  public static final int DEFAULT_MAX_PACKET_SIZE = 8192;
  /** Messages buffered by default between the event loop and slow subscribers. */
  public static final int DEFAULT_BUFFER_SIZE = 1024;
  /** Datagrams one sender may send per second by default, sustained (ten knobs at 100 Hz is 1000). */
  public static final int DEFAULT_SENDER_RATE = 2000;
  /** Datagrams one sender may send at once by default after a quiet spell. */
  public static final int DEFAULT_SENDER_BURST = 4000;
  /**
   * How far ahead of this machine's clock a bundle's time tag may be ({@link #onTime}): senders tag for latency
   * compensation, well under a second ahead; a minute leaves room for a sequence sent ahead, while a tag further
   * out is more likely a clock that is off, which the sender should hear of rather than wait on.
   */
  public static final Duration MAX_TIME_TAG_AHEAD = Duration.ofSeconds(60);
  /** Messages {@link #onTime} holds for their time tags at most (a few hundred KiB), whatever senders send. */
  public static final int MAX_WAITING = 4096;

  /** Largest UDP payload over IPv4. */
  private static final int MAX_UDP_PAYLOAD = 65_507;
  /** At most this many datagrams are read per {@link #READ_INTERVAL_NANOS}: 20,000 a second (see ReadBudget). */
  static final int READS_PER_INTERVAL = 2000;
  static final long READ_INTERVAL_NANOS = 100_000_000L;
  /**
   * Answers one address may get per second ({@link #reply}): enough to tell a controller what is wrong, too few for
   * the server to flood anyone, whoever a forged sender address names.
   */
  static final int REPLY_RATE = 10;
  /** Messages each subscriber's thread hop fetches ahead, on top of the shared buffer. */
  static final int HANDOFF_PREFETCH = 32;

  private final int maxPacketSize;
  private final RateLimits<InetAddress> senderLimits;
  private final OscServerCounters counters = new OscServerCounters();
  private final Sinks.Many<OscReceived> sink;
  private final RateLimits<InetAddress> replyLimits = new RateLimits<>(REPLY_RATE, REPLY_RATE);
  private final Scheduler dispatchThread = Schedulers.newSingle("zoomorph-osc", true);
  private final OscTimetable timetable =
      new OscTimetable(Clock.systemUTC(), dispatchThread, MAX_TIME_TAG_AHEAD, MAX_WAITING);
  private @Nullable Connection connection;
  private boolean closed;

  /** A server with {@link #DEFAULT_MAX_PACKET_SIZE} and {@link #DEFAULT_BUFFER_SIZE}. */
  public OscServer() {
    this(DEFAULT_MAX_PACKET_SIZE, DEFAULT_BUFFER_SIZE);
  }

  /** A server with {@link #DEFAULT_SENDER_RATE} and {@link #DEFAULT_SENDER_BURST} per sender. */
  public OscServer(int maxPacketSize, int bufferSize) {
    this(maxPacketSize, bufferSize, new RateLimits<>(DEFAULT_SENDER_RATE, DEFAULT_SENDER_BURST));
  }

  /**
   * @param maxPacketSize largest datagram accepted, in bytes (1 to 65507); larger ones count as oversize
   * @param bufferSize messages held for subscribers that fall behind (rounded up to a power of two); beyond it new
   *     messages count as overflow
   * @param senderLimits datagrams each sender address may send; beyond them datagrams count as rate-limited
   */
  public OscServer(int maxPacketSize, int bufferSize, RateLimits<InetAddress> senderLimits) {
    if (maxPacketSize < 1 || maxPacketSize > MAX_UDP_PAYLOAD) {
      throw new IllegalArgumentException("maxPacketSize " + maxPacketSize + " is not in 1.." + MAX_UDP_PAYLOAD);
    }
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize " + bufferSize + " is not positive");
    }
    this.maxPacketSize = maxPacketSize;
    this.senderLimits = senderLimits;
    this.sink = Sinks.many().multicast().onBackpressureBuffer(bufferSize, false);
  }

  /** Binds {@link #DEFAULT_HOST}:{@link #DEFAULT_PORT}; see {@link #start(String, int)}. */
  public InetSocketAddress start() {
    return start(DEFAULT_HOST, DEFAULT_PORT);
  }

  /**
   * Binds the server and starts receiving.
   *
   * @param host the address to listen on, e.g. "127.0.0.1" (this machine only) or "0.0.0.0" (every interface)
   * @param port the UDP port, or 0 for any free port
   * @return the bound address
   * @throws IllegalStateException if the server was started or closed before, or the address cannot be bound
   */
  public synchronized InetSocketAddress start(String host, int port) {
    if (connection != null || closed) {
      throw new IllegalStateException("this OSC server was already " + (closed ? "closed" : "started"));
    }
    try {
      connection = UdpServer.create()
          .host(host)
          .port(port)
          .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxPacketSize + 1))
          .doOnChannelInit((observer, channel, remote) -> channel.pipeline()
              .addBefore(NettyPipeline.ReactiveBridge, "osc.budget",
                  new ReadBudget(READS_PER_INTERVAL, READ_INTERVAL_NANOS, counters))
              .addBefore(NettyPipeline.ReactiveBridge, "osc.rate", new SenderRateFilter(senderLimits, counters))
              .addBefore(NettyPipeline.ReactiveBridge, "osc.oversize",
                  new OversizeDatagramFilter(maxPacketSize, counters))
              .addBefore(NettyPipeline.ReactiveBridge, "osc.decoder", new OscDatagramDecoder(counters)))
          .handle((in, out) -> in.receiveObject().ofType(OscReceived.class).doOnNext(this::handOff).then())
          .bindNow(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot bind the OSC server to UDP " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
    return (InetSocketAddress) connection.address();
  }

  /**
   * The accepted messages, in arrival order (time tags not heeded: see {@link #onTime}), bundles flattened
   * ({@link OscPacket#messages()}). Delivered on the server's own thread; all subscribers share one buffer, so the
   * slowest one sets the pace. Messages that arrive before the first subscriber are buffered for it. Completes when
   * the server closes (at once if it is closed).
   */
  public Flux<OscMessage> messages() {
    return received().map(OscReceived::message);
  }

  /** {@link #messages()} with their senders, for inputs that answer them ({@link #reply}). */
  public synchronized Flux<OscReceived> received() {
    return closed ? Flux.empty() : sink.asFlux().publishOn(dispatchThread, HANDOFF_PREFETCH);
  }

  /**
   * {@link #received()}, each message when its bundle's time tag says (OSC 1.0), read against this machine's wall
   * clock: {@link OscTimeTag#IMMEDIATE} and tags now or past go on at once, later ones wait, and messages due
   * together (a bundle's) go on together in arrival order, all on the server's thread. A tag more than
   * {@link #MAX_TIME_TAG_AHEAD} ahead, or a message beyond {@link #MAX_WAITING} already waiting, is refused: counted
   * ({@link Stats#timeTagRefused}) and told to {@code refused} on the server's thread, where {@link #reply} can
   * answer it. Completes when the server closes, dropping the messages still waiting.
   */
  public Flux<OscReceived> onTime(BiConsumer<? super OscReceived, ? super OscTimeTagException> refused) {
    return timetable.schedule(received(), (message, refusal) -> {
      counters.timeTagRefused.incrementAndGet();
      refused.accept(message, refusal);
    });
  }

  /**
   * Sends {@code message} to {@code to} from the server's port (where an OSC sender that listens on its own port
   * hears it), at most {@link #REPLY_RATE} a second per address; beyond that, and before the server starts or after
   * it closes, the answer is dropped. Any thread; never waits.
   *
   * @return whether it was sent
   */
  public boolean reply(InetSocketAddress to, OscMessage message) {
    Connection bound;
    synchronized (this) {
      bound = closed ? null : connection;
    }
    if (bound == null || !replyLimits.tryAcquire(to.getAddress())) {
      return false;
    }
    bound.channel().writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(OscCodec.encode(message)), to));
    return true;
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return counters.snapshot();
  }

  /** Unbinds the server and completes {@link #messages()}. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (connection != null) {
      connection.disposeNow(Duration.ofSeconds(10));
    }
    sink.tryEmitComplete();
    // Gracefully: the completion just emitted (and any messages still buffered) must still reach subscribers.
    SingleThreads.disposeAfterQueued(dispatchThread);
  }

  /** Runs on the event loop, the sink's only producer, so emissions are always serialized. */
  private void handOff(OscReceived message) {
    Sinks.EmitResult result = sink.tryEmitNext(message);
    if (result.isSuccess()) {
      counters.accepted.incrementAndGet();
    } else if (result != Sinks.EmitResult.FAIL_TERMINATED && result != Sinks.EmitResult.FAIL_CANCELLED) {
      // The buffer is full: FAIL_OVERFLOW, or FAIL_ZERO_SUBSCRIBER when nobody has subscribed yet.
      counters.overflow.incrementAndGet();
    }
    // Terminated or cancelled: the server is closing and the message has nowhere to go.
  }

  /**
   * Counters since the server was created; unmatched patterns are counted by {@link OscControls}.
   *
   * @param accepted messages handed to subscribers' buffer
   * @param malformed datagrams that are not valid OSC 1.0 (see {@link OscFormatException.Reason#MALFORMED})
   * @param oversize datagrams larger than the maximum packet size
   * @param nonFinite datagrams with a NaN or infinite float or double argument
   * @param overflow messages dropped because subscribers were too far behind
   * @param rateLimited datagrams dropped undecoded because their sender went over its rate
   * @param throttled times reading paused for the rest of a tenth of a second, a flood's datagrams beyond 20,000 a
   *     second left to the kernel
   * @param timeTagRefused messages {@link #onTime} refused for their time tags (answered, so not dropped)
   */
  public record Stats(long accepted, long malformed, long oversize, long nonFinite, long overflow, long rateLimited,
      long throttled, long timeTagRefused) {
    /** Everything dropped: {@code malformed + oversize + nonFinite + overflow + rateLimited}. */
    public long dropped() {
      return malformed + oversize + nonFinite + overflow + rateLimited;
    }
  }
}
