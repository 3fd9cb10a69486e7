package dev.zoomorph.render;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link GlRenderer} draws: the upscaling filter of the texture path, the initial post-processing, and whether
 * it shows its frames in a window (null: headless).
 */
public record RenderOptions(Filter filter, PostProcessing post, @Nullable WindowOptions window) {

  /** Headless, bilinear, no post-processing. */
  public static final RenderOptions HEADLESS = new RenderOptions(Filter.BILINEAR, PostProcessing.NONE, null);

  public RenderOptions withFilter(Filter newFilter) {
    return new RenderOptions(newFilter, post, window);
  }

  public RenderOptions withPost(PostProcessing newPost) {
    return new RenderOptions(filter, newPost, window);
  }

  public RenderOptions withWindow(@Nullable WindowOptions newWindow) {
    return new RenderOptions(filter, post, newWindow);
  }
}
