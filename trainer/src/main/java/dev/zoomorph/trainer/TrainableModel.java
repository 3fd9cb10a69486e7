package dev.zoomorph.trainer;

import dev.zoomorph.engine.model.ModelMetadata;
import dev.zoomorph.engine.model.ModelTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A model under training: one TensorFlow graph and session holding its variables and optimiser state. */
interface TrainableModel extends AutoCloseable {

  /** Side of the square images it trains on. */
  int imageSize();

  int channels();

  int latentSize();

  /**
   * One training step (Ha's schedule of VAE, G and D updates; the denoiser's one update) on {@code batch} (NHWC, values in [0, 1]); every noise
   * draw comes from {@code random}. Returns the losses by name.
   */
  Map<String, Double> step(float[] batch, int batchSize, SplittableRandom random);

  /**
   * The model's pictures (NHWC, [0, 1]) at the training resolution for {@code count} inputs laid end to end: latents
   * for the generators, corrupted images for the denoiser.
   */
  float[] generate(float[] inputs, int count);

  /** The weights a model file keeps (generator, and encoder for VAE models). */
  List<ModelTensor> export();

  /** Architecture part of the model file's metadata. */
  ModelMetadata metadata(long steps, Map<String, Double> losses, ModelMetadata.Dataset dataset, String command,
      long seed);

  /** Saves every variable (weights and optimiser state) under this checkpoint prefix. */
  void save(Path prefix);

  /** Restores every variable from a checkpoint prefix written by {@link #save}. */
  void restore(Path prefix);

  @Override
  void close();
}
