package dev.zoomorph.engine.control.osc;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Dispatches OSC messages to handlers registered for method addresses, with OSC 1.0 semantics: the address of an
 * incoming message is a pattern ({@code * ? [] {}}, see the specification) and every method it matches is called, in
 * address order, on the caller's thread.
 *
 * <p>Nothing that arrives can break dispatch: a message matching no method is counted as unknown, a malformed pattern
 * is counted, and an exception thrown by a handler is caught, logged and counted. Safe for concurrent use.
 */
public final class OscRouter {
  private static final Logger LOG = LoggerFactory.getLogger(OscRouter.class);

  private final Map<String, Method> methods = new ConcurrentSkipListMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong unknownAddress = new AtomicLong();
  private final AtomicLong malformedPattern = new AtomicLong();
  private final AtomicLong handlerFailures = new AtomicLong();

  /**
   * Counters since the router was created.
   *
   * @param delivered handler calls that returned normally
   * @param unknownAddress messages whose address matched no registered method
   * @param malformedPattern messages whose address pattern breaks the OSC syntax (e.g. an unclosed '[')
   * @param handlerFailures handler calls that threw
   */
  public record Stats(long delivered, long unknownAddress, long malformedPattern, long handlerFailures) {}

  /**
   * Calls {@code handler} for every message whose address pattern matches {@code address}.
   *
   * @param address a method address: '/' then parts made of printable ASCII except space and {@code #*,?[]{}}
   * @return disposing it removes the handler
   * @throws IllegalArgumentException if the address is not a valid method address or already has a handler
   */
  public Disposable register(String address, Consumer<OscMessage> handler) {
    String problem = methodAddressProblem(address);
    if (problem != null) {
      throw new IllegalArgumentException("bad OSC method address \"" + address + "\": " + problem);
    }
    Method method = new Method(address, OscAddressPattern.split(address), handler);
    if (methods.putIfAbsent(address, method) != null) {
      throw new IllegalArgumentException("OSC method address " + address + " already has a handler");
    }
    return () -> methods.remove(address, method);
  }

  /**
   * Calls the handlers of every method that {@code message}'s address pattern matches.
   *
   * @return the number of handlers called (0 when the message was unknown or malformed)
   */
  public int dispatch(OscMessage message) {
    String pattern = message.address();
    if (OscAddressPattern.isLiteral(pattern)) {
      Method method = methods.get(pattern);
      if (method == null) {
        unknownAddress.incrementAndGet();
        return 0;
      }
      call(method, message);
      return 1;
    }
    OscAddressPattern compiled;
    try {
      compiled = OscAddressPattern.compile(pattern);
    } catch (OscAddressPattern.MalformedPatternException e) {
      malformedPattern.incrementAndGet();
      LOG.debug("dropped OSC message: {}", e.getMessage());
      return 0;
    }
    int called = 0;
    for (Method method : methods.values()) {
      if (compiled.matches(method.parts)) {
        call(method, message);
        called++;
      }
    }
    if (called == 0) {
      unknownAddress.incrementAndGet();
    }
    return called;
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return new Stats(delivered.get(), unknownAddress.get(), malformedPattern.get(), handlerFailures.get());
  }

  private void call(Method method, OscMessage message) {
    try {
      method.handler.accept(message);
      delivered.incrementAndGet();
    } catch (RuntimeException e) {
      // A failing handler must not take the control input down with it: the show keeps running on what it had.
      handlerFailures.incrementAndGet();
      LOG.warn("OSC handler for {} failed on {}", method.address, message, e);
    }
  }

  private static @Nullable String methodAddressProblem(String address) {
    String problem = OscMessage.addressProblem(address);
    if (problem != null) {
      return problem;
    }
    for (String part : OscAddressPattern.split(address)) {
      if (part.isEmpty()) {
        return "empty part";
      }
      for (int i = 0; i < part.length(); i++) {
        if ("#*,?[]{}".indexOf(part.charAt(i)) >= 0) {
          return "'" + part.charAt(i) + "' is not allowed in a method name";
        }
      }
    }
    return null;
  }

  private record Method(String address, String[] parts, Consumer<OscMessage> handler) {}
}
