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
 * the preset or its model cannot be played. The CLI
 * turns the {@link Cause} into the option to blame; a program embedding Zoomorph can branch on it.
 */
public final class ServeException extends RuntimeException {
  private static final long serialVersionUID = 1;

  /** What failed, with the command-line option that sets it. */
  public enum Cause {
    /** The address to listen on is not one of this machine's, or is no address at all. */
    HOST("--host", true),
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

  /**
   * Listening on {@code host} failed with {@code error}: blamed on the host when it is not this machine's, else on
   * {@code port} with {@code portMessage}. Java says both with a {@link java.net.BindException} ("Cannot assign
   * requested address", "Address already in use"), so the host is looked up among this machine's addresses instead.
   */
  static ServeException listenFailed(Cause port, String host, Throwable error, String portMessage) {
    String notHere = notThisMachine(host);
    return notHere == null ? new ServeException(port, portMessage, error)
        : new ServeException(Cause.HOST, "--host " + host + ": " + notHere, error);
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
