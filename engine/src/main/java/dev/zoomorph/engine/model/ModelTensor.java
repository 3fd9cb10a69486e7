package dev.zoomorph.engine.model;

import java.util.Arrays;

/**
 * One named float32 tensor of a model file, row-major (C order) like safetensors. The arrays are owned by this object;
 * callers must not modify them.
 */
public record ModelTensor(String name, int[] shape, float[] values) {

  public ModelTensor {
    long count = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("tensor " + name + " has a negative dimension in " + Arrays.toString(shape));
      }
      count *= dim;
    }
    if (count != values.length) {
      throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + count
          + " values, got " + values.length);
    }
  }

  /** Number of values. */
  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ModelTensor[" + name + " " + Arrays.toString(shape) + "]";
  }
}
