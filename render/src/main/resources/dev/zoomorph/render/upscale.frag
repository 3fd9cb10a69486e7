#version 330 core
// Draws the source image (row 0 = top, as uploaded from a Frame) into the target at the largest size that keeps its
// aspect, centred, black around it. Bilinear through the sampler, or Catmull-Rom bicubic from 16 texel fetches.
uniform sampler2D source;
uniform vec2 sourceSize;
uniform vec2 targetSize;
uniform int bicubic;

out vec4 colour;

vec4 texel(ivec2 p) {
  return texelFetch(source, clamp(p, ivec2(0), ivec2(sourceSize) - 1), 0);
}

vec4 catmullRomWeights(float t) {
  float t2 = t * t;
  float t3 = t2 * t;
  return vec4(-0.5 * t3 + t2 - 0.5 * t,
              1.5 * t3 - 2.5 * t2 + 1.0,
              -1.5 * t3 + 2.0 * t2 + 0.5 * t,
              0.5 * t3 - 0.5 * t2);
}

void main() {
  float scale = min(targetSize.x / sourceSize.x, targetSize.y / sourceSize.y);
  vec2 margin = 0.5 * (targetSize - sourceSize * scale);
  vec2 s = (gl_FragCoord.xy - margin) / scale;   // position in source pixels
  if (any(lessThan(s, vec2(0.0))) || any(greaterThanEqual(s, sourceSize))) {
    colour = vec4(0.0, 0.0, 0.0, 1.0);
    return;
  }
  if (bicubic == 0) {
    colour = texture(source, s / sourceSize);
    return;
  }
  vec2 centred = s - 0.5;
  vec2 base = floor(centred);
  vec2 f = centred - base;
  vec4 wx = catmullRomWeights(f.x);
  vec4 wy = catmullRomWeights(f.y);
  vec4 sum = vec4(0.0);
  for (int j = 0; j < 4; j++) {
    vec4 row = vec4(0.0);
    for (int i = 0; i < 4; i++) {
      row += wx[i] * texel(ivec2(base) + ivec2(i - 1, j - 1));
    }
    sum += wy[j] * row;
  }
  colour = clamp(sum, 0.0, 1.0);
}
