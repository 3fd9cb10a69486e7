package dev.zoomorph.render;

/** How {@link RenderBackends#forModel} starts a generator: its initial post-processing. */
public record RenderOptions(PostProcessing post) {

  /** No post-processing. */
  public static final RenderOptions HEADLESS = new RenderOptions(PostProcessing.NONE);

  public RenderOptions withPost(PostProcessing newPost) {
    return new RenderOptions(newPost);
  }
}
