/**
 * Training data: IDX files (MNIST format), the OpenCV handwritten digit sheet and folders of images, all decoded into
 * an in-memory {@link dev.zoomorph.trainer.data.ImageSet}.
 */
@NullMarked
package dev.zoomorph.trainer.data;

import org.jspecify.annotations.NullMarked;
