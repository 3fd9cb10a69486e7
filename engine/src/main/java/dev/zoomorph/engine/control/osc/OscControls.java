package dev.zoomorph.engine.control.osc;

import dev.zoomorph.engine.control.ControlMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSC input's adapter: turns OSC messages into control messages for the control bus. A literal address goes on
 * as it is (the bus refuses unknown ones); an address pattern ({@code * ? [] {}}, OSC 1.0 semantics) becomes one
 * message per address it matches among those the show has now, in address order, so the address space is never
 * registered method by method.
 *
 * <p>Nothing that arrives can break it: a pattern matching nothing, a malformed pattern and an argument type that
 * cannot control anything (blobs, colours, MIDI, time tags) are counted, said in words to the caller (the OSC input
 * answers them to the sender, as the bus's refusals) and dropped. Thread-safe.
 */
public final class OscControls {
  private static final Logger LOG = LoggerFactory.getLogger(OscControls.class);

  private final Supplier<? extends Collection<String>> addresses;
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong malformedPattern = new AtomicLong();
  private final AtomicLong unusableArguments = new AtomicLong();

  /**
   * Counters since the adapter was made.
   *
   * @param unmatched patterns that matched no address
   * @param malformedPattern patterns that break the OSC syntax (e.g. an unclosed '[')
   * @param unusableArguments messages with an argument type that cannot control the show
   */
  public record Stats(long unmatched, long malformedPattern, long unusableArguments) {}

  /** An adapter expanding patterns against {@code addresses}: the writable addresses there are, asked per pattern. */
  public OscControls(Supplier<? extends Collection<String>> addresses) {
    this.addresses = addresses;
  }

  /**
   * The control messages {@code message} stands for: none, one, or one per matching address. When it stands for none,
   * {@code refused} is told why, in words.
   */
  public List<ControlMessage> toControls(OscMessage message, Consumer<String> refused) {
    List<Object> args = new ArrayList<>(message.argumentCount());
    for (int i = 0; i < message.argumentCount(); i++) {
      Object argument = message.arguments().get(i);
      if (argument instanceof Number || argument instanceof Boolean || argument instanceof String) {
        args.add(argument);
      } else if (!(argument instanceof OscMarker)) { // nil and impulse carry no value
        unusableArguments.incrementAndGet();
        LOG.debug("dropped OSC message {}: argument type '{}' cannot control the show", message.address(),
            message.typeTags());
        refused.accept(message.address() + ": argument " + i + " cannot control the show (type tags ,"
            + message.typeTags() + "; numbers, strings and T/F can)");
        return List.of();
      }
    }
    String pattern = message.address();
    if (OscAddressPattern.isLiteral(pattern)) {
      return List.of(new ControlMessage(pattern, args));
    }
    OscAddressPattern compiled;
    try {
      compiled = OscAddressPattern.compile(pattern);
    } catch (OscAddressPattern.MalformedPatternException e) {
      malformedPattern.incrementAndGet();
      LOG.debug("dropped OSC message: {}", e.getMessage());
      refused.accept(e.getMessage());
      return List.of();
    }
    List<ControlMessage> out = new ArrayList<>();
    for (String address : addresses.get().stream().sorted().toList()) {
      if (compiled.matches(OscAddressPattern.split(address))) {
        out.add(new ControlMessage(address, args));
      }
    }
    if (out.isEmpty()) {
      unmatched.incrementAndGet();
      refused.accept("address pattern " + pattern + " matches no address the show has now");
    }
    return out;
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return new Stats(unmatched.get(), malformedPattern.get(), unusableArguments.get());
  }
}
