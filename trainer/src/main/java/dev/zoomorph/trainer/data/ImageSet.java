package dev.zoomorph.trainer.data;

import dev.zoomorph.engine.model.ModelMetadata;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Decoded training images, all the same size: {@code channels} interleaved values in [0, 1] per pixel, rows top to
 * bottom. Labels are present when the source has them (IDX label files, the digit sheet).
 *
 * @param name the data set's name, recorded in model files
 * @param licence its licence, recorded in model files
 * @param skipped how many inputs were skipped as unreadable
 * @param credit the attribution its licence asks for, recorded in model files; null when none
 */
public record ImageSet(
    String name, String licence, int width, int height, int channels, List<float[]> images,
    int @Nullable [] labels, int skipped, @Nullable String credit) {

  /** A set whose licence asks for no credit. */
  public ImageSet(String name, String licence, int width, int height, int channels, List<float[]> images,
      int @Nullable [] labels, int skipped) {
    this(name, licence, width, height, channels, images, labels, skipped, null);
  }

  public ImageSet {
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("data set " + name + " holds no images");
    }
    int n = width * height * channels;
    for (float[] image : images) {
      if (image.length != n) {
        throw new IllegalArgumentException("data set " + name + " mixes image sizes");
      }
    }
    if (labels != null && labels.length != images.size()) {
      throw new IllegalArgumentException(
          "data set " + name + " has " + labels.length + " labels for " + images.size() + " images");
    }
  }

  public int size() {
    return images.size();
  }

  /**
   * The first 16 hex digits of the SHA-256 of the pictures' sizes and values, in order: sets that train alike have
   * the same fingerprint, and other pictures, more or fewer, or another order give another.
   */
  public String fingerprint() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
    digest.update(ByteBuffer.allocate(3 * Integer.BYTES).putInt(width).putInt(height).putInt(channels).array());
    ByteBuffer bytes = ByteBuffer.allocate(width * height * channels * Float.BYTES);
    for (float[] image : images) {
      bytes.clear();
      bytes.asFloatBuffer().put(image);
      digest.update(bytes.array());
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 8);
  }

  /** Number of distinct classes (max label + 1), or 0 without labels. */
  public int classes() {
    if (labels == null) {
      return 0;
    }
    int max = -1;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    return max + 1;
  }

  /**
   * This set as {@code model} saw its training data: the centred training-size crops for a CPPN (which trained on
   * 26×26 crops of 28×28 pictures), fitted to the side for the others. Load it at {@link #loadSide} first.
   */
  public ImageSet forModel(ModelMetadata model) {
    int side = model.trainingWidth();
    return model.kind().isCppn() ? centreCropped(side) : fitTo(side);
  }

  /** The side to load pictures at for {@code model} (then {@link #forModel}): two pixels more for a CPPN. */
  public static int loadSide(ModelMetadata model) {
    return model.kind().isCppn() ? model.trainingWidth() + 2 : model.trainingWidth();
  }

  /** The pictures labelled {@code label}, unlabelled. */
  public ImageSet withLabel(int label) {
    if (labels == null) {
      throw new IllegalArgumentException("data set " + name + " has no labels");
    }
    List<float[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      if (labels[i] == label) {
        out.add(images.get(i));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("data set " + name + " has no pictures labelled " + label + " (its labels are 0.."
          + (classes() - 1) + ")");
    }
    return new ImageSet(name, licence, width, height, channels, out, null, 0, credit);
  }

  /** This grey set as grey RGB (each grey value three times), for colour models; labels kept. */
  public ImageSet greyAsRgb() {
    if (channels != 1) {
      throw new IllegalStateException("data set " + name + " has " + channels + " channels, not 1");
    }
    List<float[]> out = new java.util.ArrayList<>(images.size());
    for (float[] image : images) {
      float[] rgb = new float[image.length * 3];
      for (int p = 0; p < image.length; p++) {
        rgb[3 * p] = image[p];
        rgb[3 * p + 1] = image[p];
        rgb[3 * p + 2] = image[p];
      }
      out.add(rgb);
    }
    return new ImageSet(name, licence, width, height, 3, out, labels, skipped, credit);
  }

  /** Every image's centred side×side crop (labels kept). */
  public ImageSet centreCropped(int side) {
    if (side == width && side == height) {
      return this;
    }
    List<float[]> out = new java.util.ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      float[] crop = new float[side * side * channels];
      centreCrop(i, side, side, crop, 0);
      out.add(crop);
    }
    return new ImageSet(name, licence, side, side, channels, out, labels, skipped, credit);
  }

  /**
   * Splits off every {@code n}-th image (indices n−1, 2n−1, …) as the second set, so sources sorted by class (like the
   * digit sheet) hold out every class.
   */
  public ImageSet[] holdOutEvery(int n) {
    if (n < 2 || n > size()) {
      throw new IllegalArgumentException("cannot hold out every " + n + "th of " + size() + " images");
    }
    List<float[]> keep = new java.util.ArrayList<>();
    List<float[]> held = new java.util.ArrayList<>();
    int[] l = labels;
    int[] keepLabels = new int[size() - size() / n];
    int[] heldLabels = new int[size() / n];
    for (int i = 0; i < size(); i++) {
      if (i % n == n - 1) {
        if (l != null) {
          heldLabels[held.size()] = l[i];
        }
        held.add(images.get(i));
      } else {
        if (l != null) {
          keepLabels[keep.size()] = l[i];
        }
        keep.add(images.get(i));
      }
    }
    return new ImageSet[] {
      new ImageSet(name, licence, width, height, channels, keep, l == null ? null : keepLabels, 0, credit),
      new ImageSet(name, licence, width, height, channels, held, l == null ? null : heldLabels, 0, credit)
    };
  }

  /** The first {@code count} images (and labels) and the rest, e.g. to hold out a test split. */
  public ImageSet[] split(int count) {
    if (count <= 0 || count >= size()) {
      throw new IllegalArgumentException("cannot split " + size() + " images at " + count);
    }
    int[] l = labels;
    return new ImageSet[] {
      new ImageSet(name, licence, width, height, channels, images.subList(0, count),
          l == null ? null : java.util.Arrays.copyOfRange(l, 0, count), 0, credit),
      new ImageSet(name, licence, width, height, channels, images.subList(count, size()),
          l == null ? null : java.util.Arrays.copyOfRange(l, count, l.length), 0, credit)
    };
  }

  /**
   * This set at side×side: smaller images are centred on a black canvas (as MNIST's 20×20 digits sit in 28×28),
   * larger or non-square ones are resized bilinearly.
   */
  public ImageSet fitTo(int side) {
    if (width == side && height == side) {
      return this;
    }
    List<float[]> out = new java.util.ArrayList<>(images.size());
    for (float[] image : images) {
      float[] fitted = new float[side * side * channels];
      if (width <= side && height <= side) {
        int ox = (side - width) / 2;
        int oy = (side - height) / 2;
        for (int y = 0; y < height; y++) {
          System.arraycopy(image, y * width * channels, fitted, ((oy + y) * side + ox) * channels, width * channels);
        }
      } else {
        for (int y = 0; y < side; y++) {
          double sy = Math.max(0, Math.min(height - 1, (y + 0.5) * height / side - 0.5));
          int y0 = (int) sy;
          int y1 = Math.min(height - 1, y0 + 1);
          double fy = sy - y0;
          for (int x = 0; x < side; x++) {
            double sx = Math.max(0, Math.min(width - 1, (x + 0.5) * width / side - 0.5));
            int x0 = (int) sx;
            int x1 = Math.min(width - 1, x0 + 1);
            double fx = sx - x0;
            for (int c = 0; c < channels; c++) {
              double top = image[(y0 * width + x0) * channels + c] * (1 - fx) + image[(y0 * width + x1) * channels + c] * fx;
              double bottom =
                  image[(y1 * width + x0) * channels + c] * (1 - fx) + image[(y1 * width + x1) * channels + c] * fx;
              fitted[(y * side + x) * channels + c] = (float) (top * (1 - fy) + bottom * fy);
            }
          }
        }
      }
      out.add(fitted);
    }
    return new ImageSet(name, licence, side, side, channels, out, labels, skipped, credit);
  }

  /**
   * Fills {@code out} (batch × cropH × cropW × channels, NHWC) with random images at random crop offsets; the crop is
   * the whole image when the sizes match.
   */
  public void randomCrops(SplittableRandom random, int batch, int cropWidth, int cropHeight, float[] out) {
    if (cropWidth > width || cropHeight > height) {
      throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + " is larger than the " + width
          + "x" + height + " images of " + name);
    }
    int per = cropWidth * cropHeight * channels;
    for (int b = 0; b < batch; b++) {
      float[] image = images.get(random.nextInt(images.size()));
      int ox = random.nextInt(width - cropWidth + 1);
      int oy = random.nextInt(height - cropHeight + 1);
      crop(image, ox, oy, cropWidth, cropHeight, out, b * per);
    }
  }

  /** Copies the centred crop of image {@code index} into {@code out} at {@code offset}. */
  public void centreCrop(int index, int cropWidth, int cropHeight, float[] out, int offset) {
    crop(images.get(index), (width - cropWidth) / 2, (height - cropHeight) / 2, cropWidth, cropHeight, out, offset);
  }

  private void crop(float[] image, int ox, int oy, int cw, int ch, float[] out, int offset) {
    int row = cw * channels;
    for (int y = 0; y < ch; y++) {
      System.arraycopy(image, ((oy + y) * width + ox) * channels, out, offset + y * row, row);
    }
  }
}
