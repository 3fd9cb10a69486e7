package dev.zoomorph.trainer;

/** The three losses of a (VAE-)GAN, and the updates that lower them. */
enum GanPart { VAE, G, D }
