// Crossfade between two presets' post-processed pictures of one size (a switch between models). Grey pictures hold
// their value in every channel, so grey mixed with colour is grey in every channel, as on the CPU.
uniform sampler2D current;
uniform sampler2D fading;
uniform float fadingWeight;  // 1 at the switch, down to 0

out vec4 colour;

void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  colour = vec4(mix(texelFetch(current, p, 0).rgb, texelFetch(fading, p, 0).rgb, fadingWeight), 1.0);
}
