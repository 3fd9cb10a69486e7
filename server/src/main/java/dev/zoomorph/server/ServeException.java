package dev.zoomorph.server;

/**
 * A show that could not start, and which setting to change: the port is taken, the OSC port is taken, the MIDI
 * device or the audio device is missing, there is no display or GL for the window, the backend cannot run here, or
 * the preset or its model cannot be played. The CLI
 * turns the {@link Cause} into the option to blame; a program embedding Zoomorph can branch on it.
 */
public final class ServeException extends RuntimeException {
  private static final long serialVersionUID = 1;

  /** What failed, with the command-line option that sets it. */
  public enum Cause {
    /** The HTTP port cannot be bound. */
    HTTP_PORT("--port", false),
    /** The OSC port cannot be bound. */
    OSC_PORT("--osc-port", false),
    /** No MIDI input matches the name, or it cannot be opened. */
    MIDI_DEVICE("--midi", true),
    /** No audio capture device matches the name, or it cannot be opened. */
    AUDIO_DEVICE("--audio", true),
    /** The window cannot be opened: no display, or no OpenGL. */
    WINDOW("--window", false),
    /** The backend asked for cannot run here (no OpenGL for {@code --backend gl}). */
    BACKEND("--backend", true),
    /** The preset cannot be loaded, or its model cannot be built. */
    PRESET("--preset", true);

    private final String option;
    private final boolean usage;

    Cause(String option, boolean usage) {
      this.option = option;
      this.usage = usage;
    }

    /** The command-line option that sets what failed. */
    public String option() {
      return option;
    }

    /** Whether the fix is a different argument (a usage error), rather than a machine's state (a port in use). */
    public boolean isUsage() {
      return usage;
    }
  }

  private final Cause cause;

  public ServeException(Cause cause, String message, Throwable error) {
    super(message, error);
    this.cause = cause;
  }

  /** What failed. */
  public Cause failed() {
    return cause;
  }
}
