// Draws a picture (row 0 = top, as in every target) into the window's viewport, which the caller sets to the
// letterboxed rectangle; the window's origin is bottom-left, so rows are flipped.
uniform sampler2D picture;
uniform vec4 viewport;  // x, y, width, height in window pixels

out vec4 colour;

void main() {
  vec2 uv = (gl_FragCoord.xy - viewport.xy) / viewport.zw;
  colour = vec4(texture(picture, vec2(uv.x, 1.0 - uv.y)).rgb, 1.0);
}
