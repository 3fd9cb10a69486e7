/**
 * Offline training of Zoomorph's generators with TensorFlow Java: {@link dev.zoomorph.trainer.Trainer} runs a
 * {@link dev.zoomorph.trainer.TrainConfig} (CPPN-VAE-GAN, CPPN-GAN or DCGAN) and writes a model file.
 */
@NullMarked
package dev.zoomorph.trainer;

import org.jspecify.annotations.NullMarked;
