package dev.zoomorph.engine.control;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One control change, e.g. {@code /zoomorph/latent/3 0.5}, {@code /zoomorph/center 0.1 -0.2},
 * {@code /zoomorph/hold true} or {@code /zoomorph/preset "dunes"}.
 *
 * @param args each a {@link Number}, {@link Boolean} or {@link String}
 */
public record ControlMessage(String address, List<Object> args) {

  public ControlMessage {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(args, "args");
    if (!address.startsWith("/")) {
      throw new IllegalArgumentException("control address must start with '/', was '" + address + "'");
    }
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      if (!(arg instanceof Number || arg instanceof Boolean || arg instanceof String)) {
        throw new IllegalArgumentException(address + ": argument " + i + " must be a number, boolean or string, was "
            + arg);
      }
    }
    args = List.copyOf(args);
  }

  public static ControlMessage of(String address, Object... args) {
    return new ControlMessage(address, Arrays.asList(args)); // a null is refused naming it, not by List.of
  }

  /**
   * Argument {@code index} as a finite number (booleans read as 0 or 1).
   *
   * @throws IllegalArgumentException if it is missing, not numeric or not finite
   */
  public double number(int index) {
    return ControlArg.numeric(address, index, arg(index));
  }

  /** Argument {@code index} as a string. */
  public String string(int index) {
    if (arg(index) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(address + ": argument " + index + " must be a string, was " + arg(index));
  }

  private Object arg(int index) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(address + ": expected at least " + (index + 1) + " argument(s), got "
          + args.size());
    }
    return args.get(index);
  }
}
