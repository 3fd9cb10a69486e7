/** Latent vectors and their arithmetic. */
@NullMarked
package dev.zoomorph.engine.latent;

import org.jspecify.annotations.NullMarked;
