package dev.zoomorph.render;

/** How the texture path scales a generator's frame to the output size. */
public enum Filter {
  /** Hardware bilinear filtering: cheap, slightly soft. */
  BILINEAR,
  /** Catmull-Rom bicubic from 16 texels: sharper edges at large upscales. */
  BICUBIC
}
