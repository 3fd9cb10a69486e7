package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.latent.Latent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Renders one 8K RGB frame with a small CPPN in its own JVM (started by {@link CppnGeneratorTest} with a small
 * -Xmx) and prints the frame's size, a checksum and the peak heap used by the render beyond its output array.
 */
final class CppnEightKProbe {
  private CppnEightKProbe() {}

  public static void main(String[] args) {
    CppnSpec spec = new CppnSpec(8, 8, 2, 3, 8f);
    Latent latent = Latent.gaussian(spec.latentSize(), 5);
    try (CppnGenerator generator = new CppnGenerator(CppnWeights.random(spec, 5))) {
      generator.render(latent, View.of(64, 64)); // loads every class the render needs before measuring
      System.gc();
      long before = heapUsed();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      Frame frame = generator.render(latent, View.of(7680, 4320));
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      long checksum = 0;
      int distinct = 0;
      boolean[] seen = new boolean[256];
      for (byte b : frame.pixels()) {
        checksum = checksum * 31 + (b & 0xff);
        if (!seen[b & 0xff]) {
          seen[b & 0xff] = true;
          distinct++;
        }
      }
      long beyondOutput = peak - before - frame.pixels().length;
      System.out.println("frame " + frame.width() + "x" + frame.height() + "x" + frame.channels()
          + " distinct " + distinct + " checksum " + checksum + " beyond " + beyondOutput);
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
