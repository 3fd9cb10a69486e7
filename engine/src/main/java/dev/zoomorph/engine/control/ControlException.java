package dev.zoomorph.engine.control;

/**
 * A control message the show refused, and why; the show is unchanged. It is an {@link IllegalArgumentException} so
 * that callers that only need "bad input" can catch that; callers that answer differently per problem read
 * {@link #problem()}.
 */
public final class ControlException extends IllegalArgumentException {
  private static final long serialVersionUID = 1;

  /** Why a message was refused. */
  public enum Problem {
    /** No control has this address (or the address is not there in the show's current state). */
    UNKNOWN_ADDRESS,
    /** Wrong argument count or type, or a value that cannot be used (non-finite, unknown name). */
    BAD_ARGUMENTS,
    /** The address can be read but not written. */
    READ_ONLY,
    /** The value named something that could not be loaded (a preset, a model). */
    NOT_LOADABLE,
    /** The input may not ask for this (a file outside the folders it may name); nothing was read. */
    FORBIDDEN
  }

  private final Problem problem;
  private final String address;

  public ControlException(Problem problem, String address, String message) {
    super(address + ": " + message);
    this.problem = problem;
    this.address = address;
  }

  public ControlException(Problem problem, String address, String message, Throwable cause) {
    super(address + ": " + message, cause);
    this.problem = problem;
    this.address = address;
  }

  public Problem problem() {
    return problem;
  }

  /** The address of the refused message. */
  public String address() {
    return address;
  }
}
