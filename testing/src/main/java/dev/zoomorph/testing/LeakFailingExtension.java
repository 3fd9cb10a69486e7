package dev.zoomorph.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns Netty leak reports into test failures, in the test JVM and in the child JVMs its tests start through
 * {@link ChildJvm}. Registered for every test class of each module that depends on this one (auto-detection, turned on
 * in the parent pom's Surefire configuration, and META-INF/services), it installs, before any Netty buffer class is
 * loaded, a leak detector factory whose detectors tell {@link #LEAKS} about each leak. After each test class it
 * collects garbage, makes the detector poll by allocating, and fails the class if any leak was reported here or by a
 * child JVM ({@link LeakReportingMain} writes its reports to {@link #CHILD_REPORTS}).
 */
public final class LeakFailingExtension implements AfterAllCallback {

  /** Where child JVMs write their leak reports, one file each; read and deleted after each test class. */
  public static final Path CHILD_REPORTS = Path.of(System.getProperty("java.io.tmpdir"),
      "zoomorph-child-leaks-" + ProcessHandle.current().pid());

  /** Leak reports (resource type and access records) not yet claimed. */
  static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

  private static volatile boolean detectorsMade;

  static {
    install();
  }

  /** Installs the listening factory; call before any Netty buffer class loads. Idempotent. */
  static void install() {
    if (!(ResourceLeakDetectorFactory.instance() instanceof ListeningFactory)) {
      ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ListeningFactory());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> leaks = new ArrayList<>(childReports());
    if (nettyUsed()) { // nothing to poll in a module whose tests never made a Netty buffer
      pollForLeaks();
      leaks.addAll(drain(leak -> true));
    }
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " Netty leak(s) reported during " + context.getDisplayName()
          + ":\n" + String.join("\n\n", leaks));
    }
  }

  /** Collects garbage and allocates a few tracked buffers: the detector only looks for leaks when it tracks one. */
  public static void pollForLeaks() {
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
  public static List<String> drain(Predicate<String> matching) {
    List<String> taken = new ArrayList<>();
    LEAKS.removeIf(leak -> matching.test(leak) && taken.add(leak));
    return taken;
  }

  /** Whether this JVM made a Netty leak detector (it has nothing to poll otherwise). */
  static boolean nettyUsed() {
    return detectorsMade;
  }

  /** Reads and deletes the reports child JVMs wrote. */
  static List<String> childReports() {
    if (!Files.isDirectory(CHILD_REPORTS)) {
      return List.of();
    }
    List<String> reports = new ArrayList<>();
    try (Stream<Path> files = Files.list(CHILD_REPORTS)) {
      for (Path file : files.sorted().toList()) {
        reports.add("in a child JVM (" + file.getFileName() + "):\n" + Files.readString(file));
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reports;
  }

  private static final class ListeningFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
        long maxActive) {
      detectorsMade = true;
      ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
      detector.setLeakListener((type, records) -> LEAKS.add(type + " leaked:\n" + records));
      return detector;
    }
  }
}
