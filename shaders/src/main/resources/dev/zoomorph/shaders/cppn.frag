// The CppnSpec network, evaluated per pixel. Framebuffer row y holds image row y (top to bottom, like Frame), so
// gl_FragCoord needs no flip. The net's shape is set at compile time: UNITS4 (a layer's width in vec4s) and
// HIDDEN_LAYERS. The loops over a layer's outputs (q) run to UNITS4, so the compiler can unroll them and keep the
// layer's sums in registers rather than in indexed memory (about 2x the frames for the 128-wide net on llvmpipe,
// BENCHMARKS.md). The loops over its inputs (i) run to INPUTS4. With the weights in a uniform block (cppn.comp on a
// GPU, nets up to about 60 wide) that is UNITS4 too: unrolled whole, the net indexes no array at run time and reads
// every weight at a constant address, which a GPU can take from its constant memory straight into the multiply-add
// (not measured on a GPU yet). Elsewhere it is the uniform units4 (equal to UNITS4): on llvmpipe the fragment
// shader unrolled whole drew the 4x32 net no faster (BENCHMARKS.md, eighth pass), and a 128-wide layer unrolled
// whole took a minute to compile.
#ifdef CPPN_WEIGHT_BLOCK
#define INPUTS4 UNITS4
#else
#define INPUTS4 units4
#endif
uniform int units4;

// Weights, RGBA32F texels; texel (q, row) holds units 4q..4q+3 (zero padding past the width):
//   row 0: wx, 1: wy, 2: wr, 3: per-frame base = b0 + (scale z) Wz + c.x wx + c.y wy + |c| wr, c = scale centre
//   rows 4 .. 4+depth-2: hidden biases
//   HIDDEN_ROW + (k-1) * WIDTH4 + i: row i of hidden matrix k
//   OUT_ROW + i, texel 0: wOut row i (channels in rgb); OUT_ROW + WIDTH4, texel 0: bOut
const int WIDTH4 = UNITS4 * 4;
const int HIDDEN_ROW = 4 + HIDDEN_LAYERS;
const int OUT_ROW = HIDDEN_ROW + HIDDEN_LAYERS * WIDTH4;
#if defined(CPPN_WEIGHT_BLOCK)
// cppn.comp's weights where they fit a uniform block: texel (q, row) at row * UNITS4 + q, which a GPU keeps in its
// constant memory, read by the multiply-adds themselves where the address is constant (not measured on a GPU yet).
layout(std140, binding = 0) uniform Weights {
  vec4 weightTexels[(OUT_ROW + WIDTH4 + 1) * UNITS4];
};
#define WEIGHT(q, row) weightTexels[(row) * UNITS4 + (q)]
#elif defined(CPPN_WEIGHT_BUFFER)
// cppn.comp's weights where they do not (a 128-wide net's are 266 KB): the same texels in a storage buffer. Every
// invocation loads the same address, which the multiprocessor's cache can serve without the texture units that a
// fetch per multiply-add would keep busy (not measured on a GPU yet).
layout(std430, binding = 0) readonly restrict buffer Weights {
  vec4 weightTexels[];
};
#define WEIGHT(q, row) weightTexels[(row) * UNITS4 + (q)]
#else
uniform sampler2D weights;
#define WEIGHT(q, row) texelFetch(weights, ivec2(q, row), 0)
#endif
uniform vec2 viewSize;
// scale * R(rotation) / (zoom * min side): maps (2 fragCoord - viewSize) to the scaled plane offset from the centre
uniform mat2 offsetFromPixel;
// c = scale * centre; the first layer is affine in x, y and r, so the CPU folds c and |c| into the base row (in
// double) and the shader adds only the offsets from the centre: deep zooms stay smooth where x = c + offset in
// float would step.
uniform vec2 centre;
uniform float centreRadius;
uniform int greyOutput;

vec4 h[UNITS4];
vec4 next[UNITS4];

vec4 softplus(vec4 x) {
  return max(x, 0.0) + log(1.0 + exp(-abs(x)));
}

vec4 safeTanh(vec4 x) {
  // exp of a large argument overflows in the textbook formula
  vec4 e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}

// The network at a pixel, given its centre in framebuffer coordinates (row 0 at the top, as in Frame).
vec4 cppnColour(vec2 pixelCentre) {
  vec2 offset = offsetFromPixel * (2.0 * pixelCentre - viewSize);
  // r - |c| without cancellation: (|c+d|^2 - |c|^2) / (|c+d| + |c|)
  float radiusSum = length(centre + offset) + centreRadius;
  float r = radiusSum > 0.0 ? (2.0 * dot(centre, offset) + dot(offset, offset)) / radiusSum : 0.0;
  for (int q = 0; q < UNITS4; q++) {
    vec4 pre = WEIGHT(q, 3)
        + offset.x * WEIGHT(q, 0)
        + offset.y * WEIGHT(q, 1)
        + r * WEIGHT(q, 2);
    h[q] = softplus(pre);
  }
  for (int k = 0; k < HIDDEN_LAYERS; k++) {
    int row = HIDDEN_ROW + k * WIDTH4;
    for (int q = 0; q < UNITS4; q++) {
      next[q] = WEIGHT(q, 4 + k);
    }
    for (int i = 0; i < INPUTS4; i++) {
      for (int c = 0; c < 4; c++) {
        float a = h[i][c];
        int inputRow = row + 4 * i + c;
        for (int q = 0; q < UNITS4; q++) {
          next[q] += a * WEIGHT(q, inputRow);
        }
      }
    }
    for (int q = 0; q < UNITS4; q++) {
      h[q] = safeTanh(next[q]);
    }
  }
  vec4 acc = WEIGHT(0, OUT_ROW + WIDTH4);
  for (int i = 0; i < INPUTS4; i++) {
    for (int c = 0; c < 4; c++) {
      acc += h[i][c] * WEIGHT(0, OUT_ROW + 4 * i + c);
    }
  }
  vec3 value = 1.0 / (1.0 + exp(-acc.rgb));
  return greyOutput != 0 ? vec4(value.rrr, 1.0) : vec4(value, 1.0);
}

#ifndef CPPN_COMPUTE
out vec4 colour;

void main() {
  colour = cppnColour(gl_FragCoord.xy);
}
#endif
