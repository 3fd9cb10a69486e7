package dev.zoomorph.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns Netty leak reports into test failures. Registered for every test class of this module by auto-detection
 * (junit-platform.properties and META-INF/services), it installs, before any Netty buffer class is loaded, a leak
 * detector factory whose detectors tell {@link #LEAKS} about each leak. After each test class it collects garbage,
 * makes the detector poll by allocating, and fails the class if any leak was reported.
 */
public final class LeakFailingExtension implements AfterAllCallback {

  /** Leak reports (resource type and access records) not yet claimed. */
  static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ListeningFactory());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    pollForLeaks();
    List<String> leaks = drain(leak -> true);
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " Netty leak(s) reported during " + context.getDisplayName()
          + ":\n" + String.join("\n\n", leaks));
    }
  }

  /** Collects garbage and allocates a few tracked buffers: the detector only looks for leaks when it tracks one. */
  static void pollForLeaks() {
    for (int round = 0; round < 5; round++) {
      System.gc();
      System.runFinalization();
      for (int i = 0; i < 8; i++) {
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(8);
        probe.release();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Removes and returns the reports that match. */
  static List<String> drain(Predicate<String> matching) {
    List<String> taken = new ArrayList<>();
    LEAKS.removeIf(leak -> matching.test(leak) && taken.add(leak));
    return taken;
  }

  private static final class ListeningFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
        long maxActive) {
      ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
      detector.setLeakListener((type, records) -> LEAKS.add(type + " leaked:\n" + records));
      return detector;
    }
  }
}
