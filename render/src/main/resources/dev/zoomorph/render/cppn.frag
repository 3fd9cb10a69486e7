// The CppnSpec network, evaluated per pixel. Framebuffer row y holds image row y (top to bottom, like Frame), so
// gl_FragCoord needs no flip. UNITS4 (the array size) is set at compile time. The loops over a layer's outputs (q)
// run to it, so the compiler can unroll them and keep the layer's sums in registers rather than in indexed memory
// (about 2x the frames for the 128-wide net on llvmpipe, BENCHMARKS.md); the loops over its inputs (i) run to the
// uniform units4, so a 128-wide layer is not unrolled whole (that took a minute to compile on llvmpipe).
//
// Weights texture, RGBA32F, texel (q, row) holds units 4q..4q+3 (zero padding past the width):
//   row 0: wx, 1: wy, 2: wr, 3: per-frame base = b0 + (scale z) Wz + c.x wx + c.y wy + |c| wr, c = scale centre
//   rows 4 .. 4+depth-2: hidden biases
//   hiddenRow + (k-1) * width4 + i: row i of hidden matrix k
//   outRow + i, texel 0: wOut row i (channels in rgb); outRow + width4, texel 0: bOut
uniform int units4;
#ifdef CPPN_WEIGHT_BUFFER
// cppn.comp's weights: the same texels in a storage buffer, texel (q, row) at row * units4 + q. Every invocation
// loads the same address, which the multiprocessor's cache can serve without the texture units that a fetch per
// multiply-add would keep busy (not measured on a GPU yet).
layout(std430, binding = 0) readonly restrict buffer Weights {
  vec4 weightTexels[];
};
#define WEIGHT(q, row) weightTexels[(row) * units4 + (q)]
#else
uniform sampler2D weights;
#define WEIGHT(q, row) texelFetch(weights, ivec2(q, row), 0)
#endif
uniform int hiddenLayers;
uniform int hiddenRow;
uniform int outRow;
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
  int width4 = units4 * 4;
  for (int k = 0; k < hiddenLayers; k++) {
    int row = hiddenRow + k * width4;
    for (int q = 0; q < UNITS4; q++) {
      next[q] = WEIGHT(q, 4 + k);
    }
    for (int i = 0; i < units4; i++) {
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
  vec4 acc = WEIGHT(0, outRow + width4);
  for (int i = 0; i < units4; i++) {
    for (int c = 0; c < 4; c++) {
      acc += h[i][c] * WEIGHT(0, outRow + 4 * i + c);
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
