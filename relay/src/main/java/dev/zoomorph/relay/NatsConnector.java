package dev.zoomorph.relay;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NATS connection that comes up by itself: the first connect is retried in the background until the server
 * answers (a show or relay starts while NATS is down), and after that the client reconnects for ever. Nothing here
 * waits on the network in the caller's thread, and nothing it logs holds the credentials.
 */
final class NatsConnector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NatsConnector.class);
  /** Between first-connect attempts and between reconnects: a restarted server is found within about a second. */
  static final Duration RETRY = Duration.ofMillis(500);
  /**
   * Messages the client may hold for a slow socket; a publish waits for room (at most the client's 5 s) while newer
   * frames replace the one waiting, so frames are dropped, not queued. (Its discard-when-full mode would not wait,
   * and would lose parts of a payload sent in parts.)
   */
  static final int OUTGOING_QUEUE = 4;
  /** Bytes the client may buffer while it reconnects, then it refuses publishes (a frame or two, not a backlog). */
  static final long RECONNECT_BUFFER = 1 << 20;

  private final NatsAddress address;
  private final Options options;
  private final java.util.function.Consumer<Connection> onFirstConnect;
  private final Thread connecting;
  private volatile @Nullable Connection connection;
  private volatile boolean closed;
  /** Between a DISCONNECTED and the RECONNECTED that ends the outage. */
  private final AtomicBoolean disconnected = new AtomicBoolean();

  /**
   * Starts connecting to {@code address} as {@code name}; {@code onFirstConnect} runs once, on the connecting thread,
   * when the first connection is up (the client keeps subscriptions across reconnects by itself).
   */
  NatsConnector(NatsAddress address, String name, java.util.function.Consumer<Connection> onFirstConnect) {
    this.address = address;
    this.options = options(address, name, this::connectionEvent, new LoggingErrors());
    this.onFirstConnect = onFirstConnect;
    this.connecting = new Thread(this::connectUntilUp, "zoomorph-nats-connect");
    connecting.setDaemon(true);
    connecting.start();
  }

  /** The client options for {@code address}: reconnect for ever, a short outgoing queue, TLS for tls://. */
  static Options options(NatsAddress address, String name, ConnectionListener listener, ErrorListener errors) {
    Options.Builder builder = new Options.Builder()
        .server(address.server().toString())
        .connectionName(name)
        .noRandomize()
        .maxReconnects(-1)
        .reconnectWait(RETRY)
        .reconnectJitter(Duration.ofMillis(100))
        .connectionTimeout(Duration.ofSeconds(2))
        .pingInterval(Duration.ofSeconds(2))
        .maxMessagesInOutgoingQueue(OUTGOING_QUEUE)
        .reconnectBufferSize(RECONNECT_BUFFER)
        .connectionListener(listener)
        .errorListener(errors);
    if (address.credentials() instanceof NatsAddress.Credentials.Token token) {
      builder.token(token.token().toCharArray());
    } else if (address.credentials() instanceof NatsAddress.Credentials.UserPassword login) {
      builder.userInfo(login.user().toCharArray(), login.password().toCharArray());
    }
    if (address.tls()) {
      try {
        builder.secure(); // the JVM's default SSLContext: its trust store decides which servers are trusted
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM offers no TLS for " + address, e);
      }
    }
    return builder.build();
  }

  private void connectUntilUp() {
    String lastFailure = "";
    while (!closed) {
      try {
        Connection up = Nats.connect(options);
        if (closed) {
          up.close();
          return;
        }
        connection = up;
        log.info("connected to NATS at {}", address);
        onFirstConnect.accept(up);
        return;
      } catch (IOException e) {
        String failure = String.valueOf(e.getMessage());
        if (!failure.equals(lastFailure)) {
          log.warn("NATS at {} not reachable ({}); retrying every {} ms", address, failure, RETRY.toMillis());
          lastFailure = failure;
        }
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void connectionEvent(Connection source, ConnectionListener.Events event) {
    // The client says DISCONNECTED again at each failed reconnect (two a second): the outage is logged once.
    switch (event) {
      case DISCONNECTED -> {
        if (disconnected.compareAndSet(false, true)) {
          log.warn("NATS at {} disconnected; reconnecting", address);
        } else {
          log.debug("NATS at {} still disconnected", address);
        }
      }
      case RECONNECTED -> {
        disconnected.set(false);
        log.info("NATS at {} reconnected", address);
      }
      default -> log.debug("NATS at {}: {}", address, event);
    }
  }

  /** The connection once it has come up (it may be reconnecting), else null. */
  @Nullable Connection connection() {
    return connection;
  }

  /** Whether the connection is up now. */
  boolean connected() {
    Connection c = connection;
    return c != null && c.getStatus() == Connection.Status.CONNECTED;
  }

  /** Stops connecting and closes the connection; idempotent. */
  @Override
  public void close() {
    closed = true;
    connecting.interrupt();
    try {
      connecting.join(Duration.ofSeconds(5).toMillis());
      Connection c = connection;
      if (c != null) {
        c.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The client's errors, through this application's log; jnats' messages name no credentials. */
  private final class LoggingErrors implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      log.warn("NATS at {}: {}", address, error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      log.debug("NATS at {}: {}", address, Objects.toString(exp));
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
      log.debug("NATS at {}: this relay fell behind; older frames dropped", address);
    }
  }
}
