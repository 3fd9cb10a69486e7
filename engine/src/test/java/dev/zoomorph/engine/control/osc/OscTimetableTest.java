package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Time tags on virtual time: the wall clock the tags are read against runs on the scheduler the messages wait on. */
class OscTimetableTest {
  private static final Instant START = Instant.parse("2026-03-01T20:00:00Z");
  private static final InetSocketAddress SENDER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 57120);

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final List<OscTimeTagException> refusals = new ArrayList<>();

  @Test
  void aMessageTaggedTwoSecondsAheadGoesOnAtItsTimeNotBefore() {
    OscReceived speed = received("/zoomorph/speed", 2.0f, in(Duration.ofSeconds(2)));
    StepVerifier.withVirtualTime(() -> schedule(arriving(speed)), () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1900))
        .thenAwait(Duration.ofMillis(100))
        .expectNext(speed)
        .thenCancel()
        .verify();
    assertThat(refusals).isEmpty();
  }

  @Test
  void immediateAndPastTagsGoOnAtOnceInArrivalOrder() {
    OscReceived now = received("/zoomorph/zoom", 2f, OscTimeTag.IMMEDIATE);
    OscReceived past = received("/zoomorph/zoom", 3f, in(Duration.ofSeconds(-5)));
    OscReceived onTheDot = received("/zoomorph/zoom", 4f, in(Duration.ZERO));
    StepVerifier.withVirtualTime(() -> schedule(arriving(now, past, onTheDot)), () -> time, Long.MAX_VALUE)
        .expectNext(now, past, onTheDot)
        .thenCancel()
        .verify();
  }

  @Test
  void aBundlesMessagesGoOnTogetherInOrderAndThoseDueAtTheSameTimeInArrivalOrder() {
    OscTimeTag second = in(Duration.ofSeconds(1));
    List<OscReceived> bundle = messages(OscBundle.of(second, OscMessage.of("/a", 1), OscMessage.of("/b", 2),
        OscBundle.of(second, OscMessage.of("/c", 3))));
    OscReceived meanwhile = received("/now", 0, OscTimeTag.IMMEDIATE);
    OscReceived sameTimeLater = received("/d", 4, second);
    OscReceived earlierLater = received("/e", 5, in(Duration.ofMillis(500)));
    Flux<OscReceived> arriving = Flux.concat(Flux.fromIterable(bundle),
        arriving(meanwhile, sameTimeLater, earlierLater));
    StepVerifier.withVirtualTime(() -> schedule(arriving), () -> time, Long.MAX_VALUE)
        .expectNext(meanwhile)
        .expectNoEvent(Duration.ofMillis(500))
        .expectNext(earlierLater)
        .expectNoEvent(Duration.ofMillis(500))
        .expectNext(bundle.get(0), bundle.get(1), bundle.get(2), sameTimeLater)
        .thenCancel()
        .verify();
  }

  @Test
  void aTagBeyondTheBoundIsRefusedInWordsAndOneAtTheBoundWaits() {
    OscReceived tooFar = received("/zoomorph/speed", 2f, in(Duration.ofSeconds(61)));
    OscReceived atBound = received("/zoomorph/zoom", 2f, in(OscServer.MAX_TIME_TAG_AHEAD));
    StepVerifier.withVirtualTime(() -> schedule(arriving(tooFar, atBound)), () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .then(() -> assertThat(refusals).singleElement().satisfies(refusal -> {
          assertThat(refusal.reason()).isEqualTo(OscTimeTagException.Reason.TOO_FAR_AHEAD);
          assertThat(refusal.address()).isEqualTo("/zoomorph/speed");
          assertThat(refusal.getMessage()).isEqualTo("/zoomorph/speed: time tag 2026-03-01T20:01:01Z is 61.0 s ahead,"
              + " more than the 60 s allowed (do the sender's and this machine's clocks agree?)");
        }))
        .expectNoEvent(OscServer.MAX_TIME_TAG_AHEAD.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(atBound)
        .thenCancel()
        .verify();
  }

  @Test
  void beyondTheMostWaitingMessagesAreRefusedAndDueOnesStillGoOn() {
    int most = OscServer.MAX_WAITING;
    List<OscReceived> waiting = new ArrayList<>();
    for (int i = 0; i < most; i++) {
      waiting.add(received("/zoomorph/latent/" + i % 8, i, in(Duration.ofMillis(1000 + i % 3))));
    }
    OscReceived oneTooMany = received("/zoomorph/speed", 2f, in(Duration.ofSeconds(1)));
    OscReceived now = received("/zoomorph/zoom", 2f, OscTimeTag.IMMEDIATE);
    OscReceived afterwards = received("/zoomorph/zoom", 3f, in(Duration.ofSeconds(2)));
    Sinks.Many<OscReceived> arriving = Sinks.many().unicast().onBackpressureBuffer();
    StepVerifier.withVirtualTime(() -> schedule(arriving.asFlux()), () -> time, Long.MAX_VALUE)
        .then(() -> {
          waiting.forEach(arriving::tryEmitNext);
          arriving.tryEmitNext(oneTooMany);
          arriving.tryEmitNext(now);
        })
        .expectNext(now)
        .then(() -> assertThat(refusals).singleElement().satisfies(refusal -> {
          assertThat(refusal.reason()).isEqualTo(OscTimeTagException.Reason.TOO_MANY_WAITING);
          assertThat(refusal.getMessage()).isEqualTo("/zoomorph/speed: " + most
              + " messages wait for their time tags already, the most allowed; send fewer ahead");
        }))
        .thenAwait(Duration.ofMillis(1002))
        .expectNextCount(most)
        .then(() -> arriving.tryEmitNext(afterwards)) // they went on: there is room again
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(afterwards)
        .then(arriving::tryEmitComplete)
        .verifyComplete();
    assertThat(refusals).hasSize(1);
  }

  @Test
  void completesWhenTheInputDoesDroppingWhatWaits() {
    Sinks.Many<OscReceived> arriving = Sinks.many().unicast().onBackpressureBuffer();
    StepVerifier.withVirtualTime(() -> schedule(arriving.asFlux()), () -> time, Long.MAX_VALUE)
        .then(() -> arriving.tryEmitNext(received("/zoomorph/speed", 2f, in(Duration.ofSeconds(2)))))
        .then(arriving::tryEmitComplete)
        .verifyComplete();
    assertThat(time.now(TimeUnit.MILLISECONDS)).as("completed without waiting for the tag").isZero();
  }

  private Flux<OscReceived> schedule(Flux<OscReceived> received) {
    OscTimetable timetable =
        new OscTimetable(new VirtualClock(time), time, OscServer.MAX_TIME_TAG_AHEAD, OscServer.MAX_WAITING);
    return timetable.schedule(received, (message, refusal) -> refusals.add(refusal));
  }

  /** {@code messages}, then nothing: an input that stays open, as a server's does until it closes. */
  private static Flux<OscReceived> arriving(OscReceived... messages) {
    return Flux.just(messages).concatWith(Flux.never());
  }

  private static OscTimeTag in(Duration ahead) {
    return OscTimeTag.of(START.plus(ahead));
  }

  private static OscReceived received(String address, Object argument, OscTimeTag tag) {
    return messages(OscBundle.of(tag, OscMessage.of(address, argument))).get(0);
  }

  private static List<OscReceived> messages(OscPacket packet) {
    return packet.messages().stream().map(message -> new OscReceived(SENDER, message)).toList();
  }

  /** {@link #START} at virtual time zero, advancing with it. */
  private static final class VirtualClock extends Clock {
    private final VirtualTimeScheduler time;

    VirtualClock(VirtualTimeScheduler time) {
      this.time = time;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
      return START.plusNanos(time.now(TimeUnit.NANOSECONDS));
    }
  }
}
