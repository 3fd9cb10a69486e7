package dev.zoomorph.server;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A show that could not start, and which setting to change: the host is not this machine's, the port is taken, the OSC port is taken, the MIDI
 * device or the audio device is missing, there is no display or GL for the window, the backend cannot run here, or
 * the preset or its model cannot be played. The message names the {@link ShowBuilder} setting at fault ({@code
 * serve(8080): cannot listen on …}); the CLI says the same with the {@link Cause#option() option} instead. A program
 * embedding Zoomorph can branch on the {@link Cause}.
 */
public final class ServeException extends RuntimeException {
  private static final long serialVersionUID = 1;

  /** What failed, with the builder's setting and the command-line option that set it. */
  public enum Cause {
    /** The address to listen on is not one of this machine's, or is no address at all. */
    HOST("--host", "host", true),
    /** The HTTP port cannot be bound. */
    HTTP_PORT("--port", "serve", false),
    /** The OSC port cannot be bound. */
    OSC_PORT("--osc-port", "osc", false),
    /** No MIDI input matches the name, or it cannot be opened. */
    MIDI_DEVICE("--midi", "midi", true),
    /** No audio capture device matches the name, or it cannot be opened. */
    AUDIO_DEVICE("--audio", "audio", true),
    /** The window cannot be opened: no display, or no OpenGL. */
    WINDOW("--window", "window", false),
    /** The backend asked for cannot run here (no OpenGL for {@code --backend gl}). */
    BACKEND("--backend", "backend", true),
    /** The preset cannot be loaded, or its model cannot be built. */
    PRESET("--preset", "Zoomorph.show", true);

    private final String option;
    private final String setting;
    private final boolean usage;

    Cause(String option, String setting, boolean usage) {
      this.option = option;
      this.setting = setting;
      this.usage = usage;
    }

    /** The command-line option that sets what failed. */
    public String option() {
      return option;
    }

    /** The method that sets what failed: {@link ShowBuilder}'s, or {@link Zoomorph}'s for the preset. */
    public String setting() {
      return setting;
    }

    /** Whether the fix is a different argument (a usage error), rather than a machine's state (a port in use). */
    public boolean isUsage() {
      return usage;
    }
  }

  private final Cause cause;
  private final String commandLineMessage;

  /** A failure whose {@code message} is said as it is, by a program and by the CLI alike. */
  public ServeException(Cause cause, String message, Throwable error) {
    super(message, error);
    this.cause = cause;
    this.commandLineMessage = message;
  }

  /**
   * A failure of the setting {@code cause} names, given {@code value} (null: a value not worth saying, such as the
   * window's options), with {@code problem}: the message starts with the setting's name, the CLI's with the option's.
   */
  ServeException(Cause cause, @Nullable Object value, String problem, Throwable error) {
    super(named(cause.setting() + "(" + javaText(value) + ")", problem), error);
    this.cause = cause;
    this.commandLineMessage = named(value == null ? cause.option() : cause.option() + " " + value, problem);
  }

  /** What failed. */
  public Cause failed() {
    return cause;
  }

  /** The message as the CLI says it: naming the option ({@code --port 8080: …}) rather than the builder's setting. */
  String commandLineMessage() {
    return commandLineMessage;
  }

  private static String named(String setting, String problem) {
    return setting + ": " + problem;
  }

  /** {@code value} as a program writes it: a string quoted, a constant with its type. */
  private static String javaText(@Nullable Object value) {
    if (value == null) {
      return "…";
    }
    if (value instanceof String text) {
      return '"' + text + '"';
    }
    if (value instanceof Enum<?> constant) {
      return constant.getDeclaringClass().getSimpleName() + "." + constant.name();
    }
    return String.valueOf(value);
  }

  /**
   * Listening on {@code host}'s {@code portNumber} failed with {@code error}: blamed on the host when it is not this
   * machine's, else on the port ({@code port} says which) with {@code problem}, and the advice to choose another. Java says both with a {@link
   * java.net.BindException} ("Cannot assign requested address", "Address already in use"), so the host is looked up
   * among this machine's addresses instead.
   */
  static ServeException listenFailed(Cause port, int portNumber, String host, Throwable error, String problem) {
    String notHere = notThisMachine(host);
    return notHere == null ? new ServeException(port, portNumber, problem + " (choose another port)", error)
        : new ServeException(Cause.HOST, host, notHere, error);
  }

  /** Why nothing can listen on {@code host} here, or null when it is one of this machine's addresses. */
  static @Nullable String notThisMachine(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return "no address has that name";
    }
    try {
      if (address.isAnyLocalAddress() || address.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(address) != null) {
        return null;
      }
      String own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> !a.isLinkLocalAddress())
          .map(InetAddress::getHostAddress)
          .collect(Collectors.joining(", "));
      return "not an address of this machine (its addresses: " + own + "; 0.0.0.0 listens on all of them)";
    } catch (SocketException e) {
      return null; // the interfaces cannot be listed: the port is blamed, as before this check
    }
  }
}
