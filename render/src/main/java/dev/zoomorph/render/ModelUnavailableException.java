package dev.zoomorph.render;

import dev.zoomorph.engine.preset.ModelSpec;

/**
 * A preset's model cannot be made into a generator (a missing or bad model file, or a native library it needs that
 * will not load); the message names the file or model and the problem. The show plays on with what it had.
 */
public final class ModelUnavailableException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient ModelSpec model;

  public ModelUnavailableException(ModelSpec model, IllegalArgumentException cause) {
    super(cause.getMessage(), cause);
    this.model = model;
  }

  /** The model's generator needs a class or native library that will not load here (TensorFlow's, for a DCGAN). */
  public ModelUnavailableException(ModelSpec model, LinkageError cause) {
    super((model instanceof ModelSpec.Trained trained ? "model " + trained.name() : String.valueOf(model))
        + " cannot run here: " + cause, cause);
    this.model = model;
  }

  /** The model that could not be built. */
  public ModelSpec model() {
    return model;
  }
}
