package dev.zoomorph.render;

import static org.lwjgl.opengl.GL43C.*;

import dev.zoomorph.engine.generator.CppnSpec;
import dev.zoomorph.engine.generator.CppnWeights;
import dev.zoomorph.engine.generator.View;
import dev.zoomorph.engine.latent.Latent;
import java.nio.FloatBuffer;
import org.lwjgl.opengl.GL;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * The CPPN of cppn.frag, run as a compute shader (cppn.comp) on a GPU with GL 4.3 and as a fragment shader
 * elsewhere ({@link Shader#forCurrentContext}), compiled for the net's shape. Weights are RGBA32F texels: for the
 * compute shader a uniform buffer where they fit one (GL promises 16 KiB, GPUs give 64 KiB: nets up to about 60
 * wide), else a storage buffer; a texture for the fragment shader. The latent term and the view centre's share of
 * the first layer are folded into one per-frame row in double precision on the CPU, so the shader only sees offsets
 * from the centre and deep zooms stay smooth.
 */
final class CppnPass {
  private static final int BASE_ROW = 3;
  /** cppn.comp's work-group size. */
  private static final int GROUP_WIDTH = 16;
  private static final int GROUP_HEIGHT = 8;
  /**
   * The largest weights the compute shader keeps in a uniform block, where the GL allows that much: 64 KiB, what a
   * constant bank holds on NVIDIA GPUs. A block's net is unrolled whole (cppn.frag), and a 128-wide one took a minute
   * to compile on llvmpipe.
   */
  private static final long LARGEST_WEIGHT_BLOCK = 64 * 1024;

  /** Which shader stage runs the network. */
  enum Shader {
    /**
     * One invocation per pixel, on every multiprocessor; needs GL 4.3. The weights in a uniform block where they fit
     * one, else in a storage buffer.
     */
    COMPUTE("compute shader"),
    /**
     * The compute shader with the weights in a storage buffer whatever their size, as nets too wide for a uniform
     * block have them: the GPU check draws the 4×32 net both ways, since no GPU has measured the block yet.
     */
    COMPUTE_STORAGE_BUFFER("compute shader (weights in a storage buffer)"),
    /** One fragment per pixel of a full-screen triangle; what GL 3.3 and the browser viewer run. */
    FRAGMENT("fragment shader");

    private final String label;

    Shader(String label) {
      this.label = label;
    }

    /** What the GPU check's rows call it. */
    String label() {
      return label;
    }

    /**
     * The compute shader on a GPU with GL 4.3: a fragment shader goes through the graphics hardware, of which a
     * data-centre GPU has little; an H100 drew the 4×32 net at 1920x1080 at 7.3 frames a second in the fragment
     * shader (BENCHMARKS.md, the GPU check). On a software renderer the fragment shader, in which llvmpipe draws
     * the 4×32 net 1.5–2× faster.
     */
    static Shader forCurrentContext() {
      return GL.getCapabilities().OpenGL43 && !GlDevice.isSoftware(GlContext.rendererString()) ? COMPUTE : FRAGMENT;
    }
  }

  private final GlObjects objects;
  private final CppnSpec spec;
  private final Shader shader;
  private final int units4;
  private final Program program;
  /**
   * Where the compute shader's weights live: {@code GL_UNIFORM_BUFFER} or {@code GL_SHADER_STORAGE_BUFFER}; 0 for
   * the fragment shader's texture.
   */
  private final int weightsBinding;
  /** A buffer bound at {@link #weightsBinding}, or the fragment shader's texture. */
  private final int weightsObject;
  private final CppnWeights weights;
  private final float[] baseRow;
  private final int uViewSize;
  private final int uOffsetFromPixel;
  private final int uCentre;
  private final int uCentreRadius;

  CppnPass(GlObjects objects, CppnWeights weights, Shader shader) {
    this.objects = objects;
    this.weights = weights;
    this.shader = shader;
    spec = weights.spec();
    units4 = (spec.width() + 3) / 4;
    int width4 = units4 * 4;
    int hiddenLayers = spec.depth() - 1;
    int hiddenRow = 4 + hiddenLayers;
    int outRow = hiddenRow + hiddenLayers * width4;
    int rows = outRow + width4 + 1;
    if (shader == Shader.FRAGMENT && rows > glGetInteger(GL_MAX_TEXTURE_SIZE)) {
      throw new IllegalArgumentException("CPPN " + spec + " needs a weight texture of " + rows
          + " rows; this GL allows " + glGetInteger(GL_MAX_TEXTURE_SIZE));
    }
    long bytes = (long) width4 * rows * Float.BYTES;
    if (shader == Shader.FRAGMENT) {
      weightsBinding = 0;
    } else if (shader == Shader.COMPUTE
        && bytes <= Math.min(LARGEST_WEIGHT_BLOCK, glGetInteger64(GL_MAX_UNIFORM_BLOCK_SIZE))) {
      weightsBinding = GL_UNIFORM_BUFFER;
    } else if (bytes <= glGetInteger64(GL_MAX_SHADER_STORAGE_BLOCK_SIZE)) {
      weightsBinding = GL_SHADER_STORAGE_BUFFER;
    } else {
      throw new IllegalArgumentException("CPPN " + spec + " needs a weight buffer of " + bytes
          + " bytes; this GL allows " + glGetInteger64(GL_MAX_SHADER_STORAGE_BLOCK_SIZE));
    }
    baseRow = new float[width4];
    String defines = "#define UNITS4 " + units4 + "\n#define HIDDEN_LAYERS " + hiddenLayers + "\n";
    program = shader != Shader.FRAGMENT
        ? Program.compute(objects, defines + "#define CPPN_COMPUTE\n#define "
            + (weightsBinding == GL_UNIFORM_BUFFER ? "CPPN_WEIGHT_BLOCK" : "CPPN_WEIGHT_BUFFER") + "\n",
            "cppn.frag", "cppn.comp")
        : Program.fullscreen(objects, "cppn.frag", defines);
    FloatBuffer texels = MemoryUtil.memCallocFloat(width4 * rows);
    try {
      put(texels, width4, 0, weights.wx(), 0, spec.width());
      put(texels, width4, 1, weights.wy(), 0, spec.width());
      put(texels, width4, 2, weights.wr(), 0, spec.width());
      for (int k = 0; k < hiddenLayers; k++) {
        put(texels, width4, 4 + k, weights.hiddenBiases().get(k), 0, spec.width());
        float[] matrix = weights.hiddenWeights().get(k);
        for (int i = 0; i < spec.width(); i++) {
          put(texels, width4, hiddenRow + k * width4 + i, matrix, i * spec.width(), spec.width());
        }
      }
      for (int i = 0; i < spec.width(); i++) {
        put(texels, width4, outRow + i, weights.wOut(), i * spec.channels(), spec.channels());
      }
      put(texels, width4, outRow + width4, weights.bOut(), 0, spec.channels());
      if (shader != Shader.FRAGMENT) {
        weightsObject = objects.buffer();
        glBindBuffer(weightsBinding, weightsObject);
        glBufferData(weightsBinding, texels, GL_DYNAMIC_DRAW);
      } else {
        weightsObject = objects.texture();
        glBindTexture(GL_TEXTURE_2D, weightsObject);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, units4, rows, 0, GL_RGBA, GL_FLOAT, texels);
      }
    } finally {
      MemoryUtil.memFree(texels);
    }
    program.use();
    if (shader == Shader.FRAGMENT) {
      glUniform1i(program.uniform("weights"), 0);
    }
    glUniform1i(program.uniform("units4"), units4);
    glUniform1i(program.uniform("greyOutput"), spec.channels() == 1 ? 1 : 0);
    uViewSize = program.uniform("viewSize");
    uOffsetFromPixel = program.uniform("offsetFromPixel");
    uCentre = program.uniform("centre");
    uCentreRadius = program.uniform("centreRadius");
  }

  CppnSpec spec() {
    return spec;
  }

  /** {@code GL_UNIFORM_BUFFER} or {@code GL_SHADER_STORAGE_BUFFER} for the compute shader's weights; 0: a texture. */
  int weightsBinding() {
    return weightsBinding;
  }

  /** Draws the CPPN for this latent and view into {@code target}, which has the view's size. */
  void draw(Latent latent, View view, Target target) {
    if (latent.size() != spec.latentSize()) {
      throw new IllegalArgumentException(
          "this CPPN takes latents of size " + spec.latentSize() + ", got " + latent.size());
    }
    double scale = spec.scale();
    double centreX = scale * view.centerX();
    double centreY = scale * view.centerY();
    int w = spec.width();
    double centreRadius = Math.hypot(centreX, centreY);
    float[] wz = weights.wz();
    for (int j = 0; j < w; j++) {
      double sum = weights.b0()[j] + centreX * weights.wx()[j] + centreY * weights.wy()[j]
          + centreRadius * weights.wr()[j];
      for (int i = 0; i < spec.latentSize(); i++) {
        sum += (double) (float) (scale * latent.get(i)) * wz[i * w + j];
      }
      baseRow[j] = (float) sum;
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      if (shader != Shader.FRAGMENT) {
        glBindBufferBase(weightsBinding, 0, weightsObject);
        glBufferSubData(weightsBinding, (long) BASE_ROW * baseRow.length * Float.BYTES,
            stack.floats(baseRow));
      } else {
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, weightsObject);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, BASE_ROW, units4, 1, GL_RGBA, GL_FLOAT, stack.floats(baseRow));
      }
      program.use();
      glUniform2f(uViewSize, view.width(), view.height());
      double a = Math.toRadians(view.rotationDegrees());
      double k = scale / (view.zoom() * Math.min(view.width(), view.height()));
      // column-major: first column is the image of the pixel x axis
      glUniformMatrix2fv(uOffsetFromPixel, false, stack.floats(
          (float) (k * Math.cos(a)), (float) (k * Math.sin(a)),
          (float) (-k * Math.sin(a)), (float) (k * Math.cos(a))));
      glUniform2f(uCentre, (float) centreX, (float) centreY);
      glUniform1f(uCentreRadius, (float) centreRadius);
    }
    if (shader != Shader.FRAGMENT) {
      if (target.internalFormat != GL_RGBA16F) {
        throw new IllegalArgumentException("cppn.comp writes RGBA16F images, not format 0x"
            + Integer.toHexString(target.internalFormat));
      }
      glBindImageTexture(0, target.texture, 0, false, 0, GL_WRITE_ONLY, GL_RGBA16F);
      glDispatchCompute(ceilDiv(target.width, GROUP_WIDTH), ceilDiv(target.height, GROUP_HEIGHT), 1);
      // The image is read next as a texture (post.frag), a framebuffer (readback) or overwritten by an upload.
      glMemoryBarrier(GL_TEXTURE_FETCH_BARRIER_BIT | GL_FRAMEBUFFER_BARRIER_BIT | GL_PIXEL_BUFFER_BARRIER_BIT
          | GL_TEXTURE_UPDATE_BARRIER_BIT);
    } else {
      target.bindForDrawing();
      glDrawArrays(GL_TRIANGLES, 0, 3);
    }
  }

  void delete() {
    program.delete();
    if (shader != Shader.FRAGMENT) {
      objects.deleteBuffer(weightsObject);
    } else {
      objects.deleteTexture(weightsObject);
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static void put(FloatBuffer texels, int rowLength, int row, float[] values, int from, int count) {
    for (int i = 0; i < count; i++) {
      texels.put(row * rowLength + i, values[from + i]);
    }
  }
}
