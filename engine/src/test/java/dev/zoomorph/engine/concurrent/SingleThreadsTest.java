package dev.zoomorph.engine.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** A one-thread scheduler disposed of after what is queued on it, leaving no thread that would keep a JVM up. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SingleThreadsTest {

  @Test
  void theTasksQueuedRunThenTheSchedulerIsDisposedOfAndNoThreadStaysBehind() throws Exception {
    Set<Thread> before = liveNonDaemonThreads();
    Scheduler single = Schedulers.newSingle("single-threads-test", true);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    single.schedule(() -> {
      awaitQuietly(release); // the task in progress when the scheduler is stopped
      ran.add(0);
    });
    for (int i = 1; i <= 3; i++) {
      int task = i;
      single.schedule(() -> ran.add(task));
    }
    release.countDown();

    assertThat(SingleThreads.disposeAfterQueued(single, Duration.ofSeconds(30))).isTrue();
    assertThat(ran).containsExactly(0, 1, 2, 3);
    assertThat(single.isDisposed()).isTrue();
    // Reactor's disposeGracefully() left a non-daemon thread of its own for 10 s, keeping an embedding JVM up.
    assertThat(liveNonDaemonThreads()).as("non-daemon threads started").isSubsetOf(before);
  }

  @Test
  void aStopThatCannotWaitDisposesOfTheSchedulerAfterItsQueue() throws Exception {
    Scheduler single = Schedulers.newSingle("single-threads-later", true);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch queuedRan = new CountDownLatch(1);
    single.schedule(() -> awaitQuietly(release));
    single.schedule(queuedRan::countDown);

    SingleThreads.disposeAfterQueued(single);
    assertThat(single.isDisposed()).as("not before its queue ran").isFalse();
    release.countDown();
    assertThat(queuedRan.await(30, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!single.isDisposed() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(single.isDisposed()).isTrue();
  }

  @Test
  void aSchedulerDisposedOfAlreadyIsNoError() {
    Scheduler single = Schedulers.newSingle("single-threads-gone", true);
    single.dispose();
    assertThat(SingleThreads.disposeAfterQueued(single, Duration.ofSeconds(1))).isTrue();
    SingleThreads.disposeAfterQueued(single);
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
