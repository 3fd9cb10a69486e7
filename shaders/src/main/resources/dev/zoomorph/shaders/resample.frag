// A fixed-size picture (a DCGAN's, uploaded at its native size) shown through any view: the GL backend's twin of
// ResampledGenerator, the same sums and the same rounding to 8-bit levels, so post.frag starts from the CPU
// backend's picture (a palette after a contrast turns a level's difference into several). Each pixel samples the
// picture bilinearly at its native coordinates, edge texels continuing outside. The weights are applied here in
// float rather than by the texture unit's filtering, which interpolates with 8-bit weights on common GPUs.
uniform sampler2D picture;
// Native coordinates of pixel (i, j): origin + perPixel * (i, j); columns of perPixel are d/di and d/dj.
uniform vec2 origin;
uniform mat2 perPixel;

out vec4 colour;

void main() {
  vec2 uv = origin + perPixel * (gl_FragCoord.xy - 0.5);
  ivec2 last = textureSize(picture, 0) - 1;
  vec2 clamped = clamp(uv, vec2(0.0), vec2(last));
  ivec2 p0 = ivec2(clamped);
  ivec2 p1 = min(p0 + 1, last);
  vec2 f = clamped - vec2(p0);
  vec4 top = mix(texelFetch(picture, p0, 0), texelFetch(picture, ivec2(p1.x, p0.y), 0), f.x);
  vec4 bottom = mix(texelFetch(picture, ivec2(p0.x, p1.y), 0), texelFetch(picture, p1, 0), f.x);
  colour = floor(mix(top, bottom, f.y) * 255.0 + 0.5) / 255.0;
}
