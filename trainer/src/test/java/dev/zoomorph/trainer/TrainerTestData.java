package dev.zoomorph.trainer;

import java.nio.file.Path;

/** Test data other packages' tests train on. */
public final class TrainerTestData {
  private TrainerTestData() {}

  /** {@link TrainerTest#idx}: an IDX file of 40 10×10 pictures of rectangles. */
  public static Path idx(Path dir) throws Exception {
    return TrainerTest.idx(dir);
  }
}
