package dev.zoomorph.engine.control;

/**
 * What an input may ask of a show, checked by the {@link ControlBus} before the show sees a message: e.g. a network
 * input may only name preset files inside the preset folder. Runs on the sending thread, before anything is loaded.
 */
@FunctionalInterface
public interface ControlGuard {

  /** Lets every input ask for everything (inputs from the command line, tests). */
  ControlGuard NONE = (input, message) -> message;

  /**
   * {@code message} as the show may take it from {@code input} (e.g. with a file name resolved), or a refusal.
   *
   * @throws ControlException with {@link ControlException.Problem#FORBIDDEN} naming what is not allowed; nothing was
   *     read or changed
   */
  ControlMessage admit(String input, ControlMessage message);
}
