package dev.zoomorph.engine.control.osc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Holds each OSC message until its bundle's time tag (OSC 1.0): a tag ahead of {@code clock} waits on
 * {@code scheduler}; {@link OscTimeTag#IMMEDIATE} and tags now or past go on at once. Messages with the same tag
 * (a bundle's, or bundles due together) go on together, in arrival order. A tag more than {@code maxAhead} ahead,
 * or a message beyond {@code maxWaiting} already waiting, is refused, so far-future bundles cannot fill memory.
 */
final class OscTimetable {
  private final Clock clock;
  private final Scheduler scheduler;
  private final Duration maxAhead;
  private final int maxWaiting;

  /**
   * @param clock the wall clock the tags (NTP time) are read against
   * @param scheduler where waiting messages go on when due: the thread that delivers the others, so that one thread
   *     delivers all, in one order
   */
  OscTimetable(Clock clock, Scheduler scheduler, Duration maxAhead, int maxWaiting) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.maxAhead = maxAhead;
    this.maxWaiting = maxWaiting;
  }

  /**
   * {@code received}, each message when its time tag says; those refused are told to {@code refused}, on the
   * thread {@code received} delivers on. Completes when {@code received} does, dropping the messages still waiting.
   */
  Flux<OscReceived> schedule(Flux<OscReceived> received,
      BiConsumer<? super OscReceived, ? super OscTimeTagException> refused) {
    return Flux.defer(() -> {
      Sinks.Empty<Void> ended = Sinks.empty();
      Waiting waiting = new Waiting(ended.asMono());
      return received
          .doOnComplete(ended::tryEmitEmpty)
          // Unbounded concurrency: maxWaiting bounds what waits, and what is due must never wait for a slot.
          .flatMap(message -> waiting.due(message, refused), Integer.MAX_VALUE)
          .flatMapIterable(batch -> batch); // a batch is one item until here: nothing comes between its messages
    });
  }

  /** The messages of one subscription waiting for their time tags, by tag. */
  private final class Waiting {
    private final Mono<Void> ended;
    private final Map<OscTimeTag, List<OscReceived>> batches = new HashMap<>();
    private int count;

    Waiting(Mono<Void> ended) {
      this.ended = ended;
    }

    /** {@code message} alone now, or its tag's batch when due; empty when it joins a waiting batch or is refused. */
    Mono<List<OscReceived>> due(OscReceived message,
        BiConsumer<? super OscReceived, ? super OscTimeTagException> refused) {
      OscTimeTag tag = message.message().timeTag();
      Duration wait = tag.isImmediate() ? Duration.ZERO : Duration.between(clock.instant(), tag.toInstant());
      OscTimeTagException refusal;
      synchronized (this) {
        List<OscReceived> batch = batches.get(tag);
        if (batch == null && (wait.isNegative() || wait.isZero())) {
          return Mono.just(List.of(message));
        }
        refusal = refusal(message.message(), wait);
        if (refusal == null) {
          count++;
          if (batch != null) { // even if due by now: going on before its batch would break arrival order
            batch.add(message);
            return Mono.empty();
          }
          batches.put(tag, new ArrayList<>(List.of(message)));
          return Mono.delay(wait, scheduler).map(tick -> take(tag)).takeUntilOther(ended);
        }
      }
      refused.accept(message, refusal);
      return Mono.empty();
    }

    private synchronized List<OscReceived> take(OscTimeTag tag) {
      List<OscReceived> batch = batches.remove(tag);
      count -= batch.size();
      return batch;
    }

    private @Nullable OscTimeTagException refusal(OscMessage message, Duration wait) {
      if (wait.compareTo(maxAhead) > 0) {
        return new OscTimeTagException(OscTimeTagException.Reason.TOO_FAR_AHEAD, message.address(),
            String.format(Locale.ROOT, "time tag %s is %.1f s ahead, more than the %d s allowed (do the sender's and"
                + " this machine's clocks agree?)", message.timeTag().toInstant(), wait.toMillis() / 1000.0,
                maxAhead.toSeconds()));
      }
      if (count >= maxWaiting) {
        return new OscTimeTagException(OscTimeTagException.Reason.TOO_MANY_WAITING, message.address(),
            maxWaiting + " messages wait for their time tags already, the most allowed; send fewer ahead");
      }
      return null;
    }
  }
}
