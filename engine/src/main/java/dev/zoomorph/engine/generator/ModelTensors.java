package dev.zoomorph.engine.generator;

import dev.zoomorph.engine.model.ModelFile;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A model file's weights as constants of the TensorFlow graphs built from it. */
final class ModelTensors {
  private ModelTensors() {}

  /** The tensor {@code name} of {@code model} as a constant of {@code tf}'s graph. */
  static Operand<TFloat32> constant(Ops tf, ModelFile model, String name) {
    var t = model.tensor(name);
    long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
    return tf.constant(Shape.of(shape), DataBuffers.of(t.values(), true, false));
  }
}
