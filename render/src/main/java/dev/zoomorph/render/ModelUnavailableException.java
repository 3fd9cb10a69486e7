package dev.zoomorph.render;

import dev.zoomorph.engine.preset.ModelSpec;

/**
 * A preset's model cannot be made into a generator (a missing or bad model file); the message is the cause's, which
 * names the file and the problem. The show plays on with what it had.
 */
public final class ModelUnavailableException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient ModelSpec model;

  public ModelUnavailableException(ModelSpec model, IllegalArgumentException cause) {
    super(cause.getMessage(), cause);
    this.model = model;
  }

  /** The model that could not be built. */
  public ModelSpec model() {
    return model;
  }
}
