package dev.zoomorph.render;

import dev.zoomorph.engine.generator.CppnGenerator;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.DcganGenerator;
import dev.zoomorph.engine.generator.Generator;
import dev.zoomorph.engine.generator.ResampledGenerator;
import dev.zoomorph.engine.model.ModelFile;
import dev.zoomorph.engine.preset.ModelSpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the backend. {@link Backend#AUTO} opens the GL device and reads its renderer string: on a software
 * renderer (Mesa llvmpipe) the CPU CPPN is several times faster than the shader, so it is used; on a GPU the shader
 * wins. When no GL context can be made, AUTO falls back to the CPU. The choice is logged.
 */
public final class RenderBackends {
  private static final Logger LOG = LoggerFactory.getLogger(RenderBackends.class);
  /** What AUTO chose in this process (true: GL), or null before the first AUTO model. */
  private static @Nullable Boolean autoChoice;

  private RenderBackends() {}

  /**
   * The generator a preset's model asks for, on the chosen backend, starting with the options' post-processing: the
   * one place presets become generators. A DCGAN runs in TensorFlow at its training size and is resampled on the CPU
   * to whatever view is asked for; on the GL backend its frames are then uploaded to the GL device like a CPPN's
   * picture, so every layer of a GL show is on the GPU. The post-processing can change every frame ({@link
   * PostProcessedGenerator#setPostProcessing}): in the shader on GL, through {@link #withPostProcessing} otherwise.
   *
   * @throws IllegalArgumentException naming the file and tensor when a model file is missing or bad
   * @throws GlUnavailableException for {@link Backend#GL} when no OpenGL context can be made
   */
  public static PostProcessedGenerator forModel(ModelSpec model, Backend backend, RenderOptions options) {
    if (model instanceof ModelSpec.RandomCppn cppn) {
      return cppn(backend, CppnWeights.random(cppn.spec(), cppn.seed()), options);
    }
    ModelFile file = ModelFile.load(((ModelSpec.Trained) model).name());
    if (file.metadata().kind().isCppn()) {
      return cppn(backend, file.cppnWeights(), options);
    }
    if (!file.metadata().kind().isDcgan()) {
      throw new IllegalArgumentException(((ModelSpec.Trained) model).name() + " is a " + file.metadata().kind()
          + " model, which draws no pictures (post.denoise takes denoisers)");
    }
    // The denoiser cleans the DCGAN's native picture, where its noise is, before it is resampled.
    Denoising denoising = new Denoising();
    Generator dcgan = denoising.around(DcganGenerator.create(file));
    int width = file.metadata().trainingWidth();
    int height = file.metadata().trainingHeight();
    try {
      if (usesGl(backend)) {
        return GlGenerator.resampling(dcgan, width, height, options.post(), denoising);
      }
    } catch (RuntimeException e) {
      dcgan.close();
      throw e;
    }
    return postProcessed(new ResampledGenerator(dcgan, width, height), options, denoising);
  }

  /**
   * {@code generator}'s frames post-processed on the CPU, through a 256-entry lookup table per post-processing
   * (the maths of the GL shader; about 0.5 ms per 512² frame here, see BENCHMARKS.md). Starts with {@link
   * PostProcessing#NONE}, which passes frames on untouched. Closing it closes {@code generator}.
   */
  public static PostProcessedGenerator withPostProcessing(Generator generator) {
    Denoising denoising = new Denoising();
    return new LookupPostProcessing(denoising.around(generator), PostProcessing.NONE, denoising);
  }

  /**
   * A CPPN on the chosen backend: the GL shader or engine's oneDNN {@link CppnGenerator} with the lookup table.
   *
   * @throws GlUnavailableException for {@link Backend#GL} when no OpenGL context can be made
   */
  static PostProcessedGenerator cppn(Backend backend, CppnWeights weights, RenderOptions options) {
    if (usesGl(backend)) {
      return GlGenerator.cppn(weights, options.post());
    }
    Denoising denoising = new Denoising();
    return postProcessed(denoising.around(new CppnGenerator(weights)), options, denoising);
  }

  /** {@code generator} post-processed by table, {@code denoising} being the stage inside it. */
  private static PostProcessedGenerator postProcessed(Generator generator, RenderOptions options,
      Denoising denoising) {
    return new LookupPostProcessing(generator, options.post(), denoising);
  }

  /**
   * The backend {@code backend} draws with on this machine: GL or CPU as asked, and for AUTO the one {@link
   * #forModel} would choose (they differ in the last bits, so a recording names the one it used).
   */
  public static Backend resolve(Backend backend) {
    return usesGl(backend) ? Backend.GL : Backend.CPU;
  }

  /**
   * Whether {@code backend} draws on the GL device; for AUTO, whether this machine's device is a GPU.
   *
   * @throws GlUnavailableException for {@link Backend#GL} when no OpenGL context can be made
   */
  static boolean usesGl(Backend backend) {
    switch (backend) {
      case CPU: // asked for: nothing to tell, at each of a playlist's models
        LOG.debug("backend: cpu (asked for)");
        return false;
      case GL:
        LOG.debug("backend: gl (asked for)");
        return true;
      default:
        return autoUsesGl();
    }
  }

  /**
   * AUTO's choice, made once a process: the machine's renderer does not change while it runs, and asking again at
   * every model (each preset switch of a playlist) made and dropped an OpenGL context and logged two lines each time.
   */
  private static synchronized boolean autoUsesGl() {
    if (autoChoice == null) {
      autoChoice = probeAuto();
    }
    return autoChoice;
  }

  private static boolean probeAuto() {
    GlDevice device;
    try {
      device = GlDevice.acquire();
    } catch (GlUnavailableException e) {
      LOG.info("backend: cpu (auto: no OpenGL: {})", e.getMessage());
      return false;
    }
    try {
      if (device.isSoftware()) {
        LOG.info("backend: cpu (auto: {} is a software renderer, slower than the CPU backend)",
            device.description());
        return false;
      }
      LOG.info("backend: gl (auto: hardware renderer {})", device.description());
      return true;
    } finally {
      device.release();
    }
  }
}
