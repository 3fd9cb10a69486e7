package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

class EncoderThreadTest {
  private static final Logger LOG = LoggerFactory.getLogger(EncoderThreadTest.class);

  @Test
  void itemsThatComeWhileOneEncodesLeaveOnlyTheNewest() throws Exception {
    Sinks.Many<Integer> items = Sinks.many().multicast().directBestEffort();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> encodedOn = new CopyOnWriteArrayList<>();
    List<Integer> out = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    try (EncoderThread thread = new EncoderThread("test-encoder")) {
      Disposable subscription = thread.<Integer, Integer>encodeNewest(items.asFlux(), () -> true, item -> {
        encodedOn.add(item);
        if (item == 1) {
          firstStarted.countDown();
          await(release);
        }
        return item * 10;
      }, LOG, "item").subscribe(out::add, e -> { }, done::countDown);
      items.tryEmitNext(1);
      assertThat(firstStarted.await(30, TimeUnit.SECONDS)).as("item 1 is being encoded").isTrue();
      for (int item = 2; item <= 5; item++) {
        assertThat(items.tryEmitNext(item).isSuccess()).as("item %d handed over without waiting", item).isTrue();
      }
      release.countDown();
      items.tryEmitComplete();
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      subscription.dispose();
    }
    assertThat(encodedOn).as("2 to 4 came while 1 encoded and were replaced by 5").containsExactly(1, 5);
    assertThat(out).containsExactly(10, 50);
  }

  @Test
  void nothingIsEncodedWhileNobodyListens() throws Exception {
    Sinks.Many<Integer> items = Sinks.many().multicast().directBestEffort();
    AtomicBoolean wanted = new AtomicBoolean(false);
    List<Integer> encodedOn = new CopyOnWriteArrayList<>();
    LinkedBlockingQueue<Integer> out = new LinkedBlockingQueue<>();
    try (EncoderThread thread = new EncoderThread("test-encoder")) {
      Disposable subscription = thread.<Integer, Integer>encodeNewest(items.asFlux(), wanted::get, item -> {
        encodedOn.add(item);
        return item;
      }, LOG, "item").subscribe(out::add);
      items.tryEmitNext(1);
      items.tryEmitNext(2);
      wanted.set(true);
      items.tryEmitNext(3);
      assertThat(out.poll(30, TimeUnit.SECONDS)).isEqualTo(3);
      subscription.dispose();
    }
    assertThat(encodedOn).as("items 1 and 2 came while nobody listened").containsExactly(3);
  }

  @Test
  void anItemThatFailsIsSkippedAndTheNextAreEncoded() throws Exception {
    Sinks.Many<Integer> items = Sinks.many().multicast().directBestEffort();
    LinkedBlockingQueue<Integer> out = new LinkedBlockingQueue<>();
    CountDownLatch failed = new CountDownLatch(1);
    AtomicReference<Throwable> streamError = new AtomicReference<>();
    try (EncoderThread thread = new EncoderThread("test-encoder")) {
      Disposable subscription = thread.<Integer, Integer>encodeNewest(items.asFlux(), () -> true, item -> {
        if (item == 2) {
          failed.countDown();
          throw new IllegalStateException("item 2 cannot be encoded");
        }
        return item;
      }, LOG, "item").subscribe(out::add, streamError::set);
      items.tryEmitNext(1);
      assertThat(out.poll(30, TimeUnit.SECONDS)).isEqualTo(1);
      items.tryEmitNext(2);
      assertThat(failed.await(30, TimeUnit.SECONDS)).as("item 2's encoding was tried and failed").isTrue();
      items.tryEmitNext(3);
      assertThat(out.poll(30, TimeUnit.SECONDS)).isEqualTo(3);
      subscription.dispose();
    }
    assertThat(out).isEmpty();
    assertThat(streamError.get()).isNull();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
