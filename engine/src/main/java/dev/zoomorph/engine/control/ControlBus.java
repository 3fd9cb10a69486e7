package dev.zoomorph.engine.control;

import dev.zoomorph.engine.control.ControlException.Problem;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The one way into a show: every input (OSC, MIDI bindings, MIDI clock, the HTTP API, and whatever comes later) is a
 * named {@code Flux<ControlMessage>} {@link #attach attached} here, or {@link #submit submits} one message when it
 * must answer (HTTP). The bus checks each message against the show's control table (through its
 * {@link ControlSurface}), counts what each input got accepted and refused, and emits what was applied, so MIDI
 * feedback and state views follow without anyone calling them back. No input knows about another.
 */
public final class ControlBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlBus.class);

  private final ControlSurface surface;
  private final ControlGuard guard;
  private final Map<String, Counters> counters = new ConcurrentHashMap<>();
  private final Sinks.Many<Applied> applied = Sinks.many().multicast().directBestEffort();
  private final Disposable.Composite inputs = Disposables.composite();
  private volatile boolean closed;

  /** A change the show took: which input sent it, and the message as applied (values clamped). */
  public record Applied(String input, ControlMessage message) {}

  /**
   * What one input got through.
   *
   * @param accepted messages applied
   * @param unknownAddress messages to an address the show does not have (now)
   * @param rejected other refusals: wrong arguments, read-only addresses, presets that would not load
   * @param forbidden messages the {@link ControlGuard} refused (e.g. a preset file outside the preset folder)
   */
  public record InputCounts(long accepted, long unknownAddress, long rejected, long forbidden) {
    public static final InputCounts NONE = new InputCounts(0, 0, 0, 0);
  }

  private static final class Counters {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong unknownAddress = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong forbidden = new AtomicLong();

    InputCounts snapshot() {
      return new InputCounts(accepted.get(), unknownAddress.get(), rejected.get(), forbidden.get());
    }
  }

  /** A bus onto {@code surface}: the show it checks messages against and applies them to. */
  public ControlBus(ControlSurface surface) {
    this(surface, ControlGuard.NONE);
  }

  /** A bus onto {@code surface} that lets each message through {@code guard} first. */
  public ControlBus(ControlSurface surface, ControlGuard guard) {
    this.surface = surface;
    this.guard = guard;
  }

  /**
   * Applies every message of {@code messages} as input {@code input}. A refused message is counted (and logged at
   * debug level: a controller streaming bad values must not flood the log) and the input goes on; an input that
   * fails is logged and detached. Disposing the result, or closing the bus, detaches it.
   *
   * @throws IllegalStateException once the bus is closed (its show closed): nothing would apply the messages
   */
  public Disposable attach(String input, Flux<ControlMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    return attach(input, messages, List::of, (message, refusal) -> { });
  }

  /**
   * As {@link #attach(String, Flux)}, for an input whose items (e.g. OSC messages with their senders) each stand for
   * some {@code messages}, and which answers the items the bus refuses: {@code refused} is told the item and the
   * refusal, on the input's thread.
   */
  public <T> Disposable attach(String input, Flux<T> items,
      Function<? super T, ? extends Iterable<ControlMessage>> messages, BiConsumer<? super T, ControlException> refused) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(refused, "refused");
    if (closed) {
      throw new IllegalStateException("the show is closed: input " + input + " is not attached");
    }
    counters(input);
    Disposable subscription = items.subscribe(item -> {
      for (ControlMessage message : messages.apply(item)) {
        ControlException refusal = null;
        if (closed) {
          return; // an item still arriving as the bus closes: its show is gone
        }
        try {
          submit(input, message);
        } catch (ControlException e) {
          log.debug("{} control refused: {}", input, e.getMessage());
          refusal = e;
        } catch (RuntimeException e) {
          // A failure while applying must not detach the input: the show keeps running on what it had.
          log.warn("{} control {} failed: {}", input, message, e.toString());
        }
        if (refusal != null) {
          try {
            refused.accept(item, refusal);
          } catch (RuntimeException e) {
            log.warn("{} could not answer a refused control: {}", input, e.toString());
          }
        }
      }
    }, error -> log.warn("control input {} failed and is detached: {}", input, error.toString()));
    inputs.add(subscription);
    return subscription;
  }

  /**
   * Applies one message as input {@code input}, now, on the calling thread (a preset switch loads the preset here).
   *
   * @return what was applied, or null for a message that changes nothing (a button's release)
   * @throws ControlException naming the address and the problem; the show is unchanged
   * @throws IllegalStateException once the bus is closed (its show closed): nothing would show the change
   */
  public @Nullable ControlMessage submit(String input, ControlMessage message) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(message, "message");
    if (closed) {
      throw new IllegalStateException("the show is closed: " + message.address() + " from " + input
          + " is not applied");
    }
    Counters count = counters(input);
    ControlMessage done;
    try {
      done = surface.apply(guard.admit(input, message));
    } catch (ControlException e) {
      (switch (e.problem()) {
        case UNKNOWN_ADDRESS -> count.unknownAddress;
        case FORBIDDEN -> count.forbidden;
        default -> count.rejected;
      }).incrementAndGet();
      throw e;
    } catch (IllegalArgumentException e) {
      // A surface that refuses with a plain IllegalArgumentException still refuses: the message was bad.
      count.rejected.incrementAndGet();
      throw new ControlException(Problem.BAD_ARGUMENTS, message.address(), String.valueOf(e.getMessage()), e);
    }
    count.accepted.incrementAndGet();
    if (done != null) {
      synchronized (applied) { // inputs submit from their own threads; a sink takes one emitter at a time
        applied.tryEmitNext(new Applied(input, done));
      }
    }
    return done;
  }

  /**
   * What was applied, from now on, on the thread that submitted it. Hot; subscribers must be quick (a MIDI
   * mapper's bookkeeping), and one that cannot keep up misses changes rather than holding inputs up.
   */
  public Flux<Applied> applied() {
    return applied.asFlux();
  }

  /** Every address there is now, with its current value: the show's, through the bus. */
  public List<ControlParameter> parameters() {
    return surface.parameters();
  }

  /** What {@code input} got through so far ({@link InputCounts#NONE} for an input that has sent nothing). */
  public InputCounts counts(String input) {
    Counters count = counters.get(input);
    return count == null ? InputCounts.NONE : count.snapshot();
  }

  private Counters counters(String input) {
    return counters.computeIfAbsent(input, name -> new Counters());
  }

  /** Detaches every input, completes {@link #applied()} and refuses what is submitted from then on. */
  @Override
  public void close() {
    closed = true;
    inputs.dispose();
    synchronized (applied) {
      applied.tryEmitComplete();
    }
  }
}
