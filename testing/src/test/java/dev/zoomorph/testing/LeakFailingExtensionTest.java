package dev.zoomorph.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the leak listeners are live: a deliberately leaked buffer is reported, in this JVM and in a child JVM (and
 * claimed, so the class passes).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LeakFailingExtensionTest {

  @Test
  void aLeakedBufferIsReported() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    leakOneBuffer();
    List<String> reports = List.of();
    for (int attempt = 0; attempt < 20 && reports.isEmpty(); attempt++) {
      LeakFailingExtension.pollForLeaks();
      reports = LeakFailingExtension.drain(report -> report.contains("leakOneBuffer"));
    }
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0)).contains("ByteBuf leaked").contains("deliberately leaked");
  }

  @Test
  void aBufferLeakedInAChildJvmIsReportedToTheParent() {
    ChildJvm.Result result = ChildJvm.run(Duration.ofMinutes(1), Map.of(), List.of(), Leaker.class.getName());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("Netty leak(s) in this JVM");
    List<String> reports = LeakFailingExtension.childReports();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0)).contains("ByteBuf leaked").contains("deliberately leaked");
  }

  /** A child JVM's main that leaks one buffer and exits. */
  public static final class Leaker {
    public static void main(String[] args) {
      leakOneBuffer();
    }
  }

  private static void leakOneBuffer() {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
    buffer.touch("deliberately leaked");
    buffer.writeInt(42);
    // not released: the buffer becomes garbage while its reference count is 1
  }
}
