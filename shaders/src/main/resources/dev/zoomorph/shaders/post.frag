// Per-preset post-processing of the live image. Order: contrast and gamma, soft threshold, palette (grey sources).
// The output is RGB; a grey picture holds its value in every channel.
uniform sampler2D live;
uniform int grey;            // live image is grey (value in r)
uniform float contrast;      // around mid-grey
uniform float gamma;         // exponent applied after contrast
uniform int thresholdOn;
uniform float threshold;
uniform float softness;      // half-width of the smoothstep around the threshold
uniform int paletteOn;
uniform sampler2D palette;   // 256 x 1

out vec4 colour;

void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec3 v = texelFetch(live, p, 0).rgb;
  if (grey != 0) {
    v = v.rrr;
  }
  v = clamp((v - 0.5) * contrast + 0.5, 0.0, 1.0);
  v = pow(v, vec3(gamma));
  if (thresholdOn != 0) {
    float w = max(softness, 1e-5);
    v = smoothstep(vec3(threshold - w), vec3(threshold + w), v);
  }
  if (paletteOn != 0) {
    v = texture(palette, vec2((v.r * 255.0 + 0.5) / 256.0, 0.5)).rgb;
  }
  colour = vec4(v, 1.0);
}
