// The GL backend's CPPN on a GPU with GL 4.3 (CppnPass.Shader): cppn.frag's network, compiled in front of this file
// with CPPN_COMPUTE and CPPN_WEIGHT_BLOCK or CPPN_WEIGHT_BUFFER defined, one invocation per pixel. A compute shader
// runs on every multiprocessor of the GPU without its graphics hardware, of which a data-centre GPU has little: an
// H100 drew the 4x32 net at 1920x1080 at 7.3 frames a second in the fragment shader (BENCHMARKS.md, the GPU check).
layout(local_size_x = 16, local_size_y = 8) in;
// The GL backend's image target (GlGenerator), RGBA16F.
layout(rgba16f, binding = 0) writeonly restrict uniform image2D picture;

void main() {
  ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
  if (any(greaterThanEqual(pixel, ivec2(viewSize)))) {
    return;
  }
  imageStore(picture, pixel, cppnColour(vec2(pixel) + 0.5));
}
