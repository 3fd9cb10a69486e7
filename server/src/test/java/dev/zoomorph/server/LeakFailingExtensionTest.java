package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the leak listener is live: a deliberately leaked buffer is reported (and claimed, so the class passes). */
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

  private static void leakOneBuffer() {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
    buffer.touch("deliberately leaked");
    buffer.writeInt(42);
    // not released: the buffer becomes garbage while its reference count is 1
  }
}
