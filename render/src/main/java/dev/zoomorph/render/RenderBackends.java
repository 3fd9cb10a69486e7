package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.preset.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the CPPN backend. {@link Backend#AUTO} opens a GL context and reads its renderer string: on a software
 * renderer (Mesa llvmpipe) the TensorFlow CPPN is about 5× faster than the shader, so it is used; on a GPU the shader
 * wins. When no GL context can be made, AUTO falls back to TensorFlow. The choice is logged.
 */
public final class RenderBackends {
  private static final Logger LOG = LoggerFactory.getLogger(RenderBackends.class);

  private RenderBackends() {}

  /**
   * The generator a preset's model asks for, on the chosen backend, starting with the options' post-processing: the
   * one place presets become generators. A DCGAN runs in TensorFlow at its training size and is resampled on the CPU
   * to whatever view is asked for. The post-processing can change every frame ({@link
   * PostProcessedGenerator#setPostProcessing}): a {@link GlRenderer} does it in its shader, any other generator
   * through {@link #withPostProcessing}.
   *
   * @throws IllegalArgumentException naming the file and tensor when a model file is missing or bad
   * @throws GlUnavailableException for {@link Backend#GL} when no OpenGL context can be made
   */
  public static PostProcessedGenerator forModel(ModelSpec model, Backend backend, RenderOptions options) {
    Generator generator;
    if (model instanceof ModelSpec.RandomCppn cppn) {
      generator = cppn(backend, CppnWeights.random(cppn.spec(), cppn.seed()), options);
    } else {
      ModelFile file = ModelFile.load(((ModelSpec.Trained) model).name());
      generator = file.metadata().kind().isCppn()
          ? cppn(backend, file.cppnWeights(), options)
          : new ResampledGenerator(DcganGenerator.create(file), file.metadata().trainingWidth(),
              file.metadata().trainingHeight());
    }
    if (generator instanceof GlRenderer gl) {
      return gl;
    }
    PostProcessedGenerator processed = withPostProcessing(generator);
    processed.setPostProcessing(options.post());
    return processed;
  }

  /**
   * {@code generator}'s frames post-processed on the CPU, through a 256-entry lookup table per post-processing
   * (the maths of the GL shader; about 0.5 ms per 512² frame here, see BENCHMARKS.md). Starts with {@link
   * PostProcessing#NONE}, which passes frames on untouched. Closing it closes {@code generator}.
   */
  public static PostProcessedGenerator withPostProcessing(Generator generator) {
    return new LookupPostProcessing(generator, PostProcessing.NONE);
  }

  /**
   * A CPPN generator on the chosen backend: the GL shader or engine's TensorFlow {@link CppnGenerator}.
   *
   * @throws GlUnavailableException for {@link Backend#GL} when no OpenGL context can be made
   */
  public static Generator cppn(Backend backend, CppnWeights weights, RenderOptions options) {
    switch (backend) {
      case TENSORFLOW:
        LOG.info("CPPN backend: tensorflow (asked for)");
        return new CppnGenerator(weights);
      case GL:
        GlRenderer gl = GlRenderer.cppn(weights, options);
        LOG.info("CPPN backend: gl (asked for) on {}", gl.rendererDescription());
        return gl;
      default:
        GlRenderer candidate;
        try {
          candidate = GlRenderer.cppn(weights, options);
        } catch (GlUnavailableException e) {
          LOG.info("CPPN backend: tensorflow (auto: no OpenGL: {})", e.getMessage());
          return new CppnGenerator(weights);
        }
        if (candidate.isSoftwareRenderer()) {
          LOG.info("CPPN backend: tensorflow (auto: {} is a software renderer, slower than TensorFlow on the CPU)",
              candidate.rendererDescription());
          candidate.close();
          return new CppnGenerator(weights);
        }
        LOG.info("CPPN backend: gl (auto: hardware renderer {})", candidate.rendererDescription());
        return candidate;
    }
  }
}
