/**
 * Model files: one safetensors file per trained model, holding its architecture metadata and weights.
 * {@link dev.zoomorph.engine.model.ModelFile} reads (validating everything), writes and resolves them; the format is
 * described in {@code docs/model-files.md}.
 */
@NullMarked
package dev.zoomorph.engine.model;

import org.jspecify.annotations.NullMarked;
