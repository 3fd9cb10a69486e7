package dev.zoomorph.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a model file holds, and so which tensors it must contain. */
public enum ModelKind {
  /** Ha's CPPN-VAE-GAN: CPPN generator plus the VAE encoder (tensors {@code g.*} and {@code q.*}). */
  CPPN_VAE_GAN("cppn-vae-gan"),
  /** The same CPPN generator trained as a plain GAN (tensors {@code g.*}). */
  CPPN_GAN("cppn-gan"),
  /** A DCGAN generator at its native resolution (tensors {@code g.*}). */
  DCGAN("dcgan"),
  /**
   * A VAE-DCGAN: the DCGAN generator trained with a convolutional VAE encoder in front of it (tensors {@code g.*} and
   * {@code q.*}).
   */
  VAE_DCGAN("vae-dcgan"),
  /** A denoising autoencoder: a small fully convolutional network that cleans pictures of any size ({@code n.*}). */
  DENOISER("denoiser");

  private final String id;

  ModelKind(String id) {
    this.id = id;
  }

  /** The name used in model files and on the command line, e.g. {@code cppn-vae-gan}. */
  @JsonValue
  public String id() {
    return id;
  }

  /** True for the kinds whose generator is a CPPN (renderable at any resolution). */
  public boolean isCppn() {
    return this == CPPN_VAE_GAN || this == CPPN_GAN;
  }

  /** True for the kinds whose generator is a DCGAN (a fixed-size picture, resampled to any view). */
  public boolean isDcgan() {
    return this == DCGAN || this == VAE_DCGAN;
  }

  /** True for the kinds that generate pictures from latents (all but the denoiser). */
  public boolean isGenerator() {
    return this != DENOISER;
  }

  /** True for the kinds that carry an encoder. */
  public boolean hasEncoder() {
    return this == CPPN_VAE_GAN || this == VAE_DCGAN;
  }

  /** Parses an id such as {@code cppn-gan}; unknown ids are a clear error listing the known ones. */
  @JsonCreator
  public static ModelKind fromId(String id) {
    for (ModelKind kind : values()) {
      if (kind.id.equals(id.toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown model kind '" + id + "', expected one of "
        + Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
