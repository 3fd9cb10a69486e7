package dev.zoomorph.engine.control.osc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable OSC message: an address (or address pattern) and typed arguments.
 *
 * <p>Arguments are Java objects, one class per OSC type tag:
 *
 * <table>
 *   <caption>Type tags</caption>
 *   <tr><th>Tag</th><th>Java</th></tr>
 *   <tr><td>{@code i}</td><td>{@link Integer}</td></tr>
 *   <tr><td>{@code f}</td><td>{@link Float} (finite)</td></tr>
 *   <tr><td>{@code s}</td><td>{@link String} (no NUL characters)</td></tr>
 *   <tr><td>{@code b}</td><td>{@code byte[]} (blob, copied in and out)</td></tr>
 *   <tr><td>{@code h}</td><td>{@link Long}</td></tr>
 *   <tr><td>{@code d}</td><td>{@link Double} (finite)</td></tr>
 *   <tr><td>{@code t}</td><td>{@link OscTimeTag}</td></tr>
 *   <tr><td>{@code T} / {@code F}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@code N} / {@code I}</td><td>{@link OscMarker#NIL} / {@link OscMarker#IMPULSE}</td></tr>
 * </table>
 *
 * <p>NaN and infinite floats are rejected where they would enter, so a bad control value never reaches a generator.
 * The typed accessors ({@link #floatArg(int)} and friends) throw {@link IllegalArgumentException} with a message naming
 * the address, the argument and its type when the argument is missing or of another type.
 */
public final class OscMessage implements OscPacket {
  private final String address;
  private final List<Object> arguments;
  private final OscTimeTag timeTag;

  private OscMessage(String address, List<Object> arguments, OscTimeTag timeTag) {
    this.address = address;
    this.arguments = arguments;
    this.timeTag = timeTag;
  }

  /** A message to {@code address} with these arguments (see the class comment for the accepted types). */
  public static OscMessage of(String address, Object... arguments) {
    return of(address, Arrays.asList(arguments));
  }

  /** A message to {@code address} with these arguments (see the class comment for the accepted types). */
  public static OscMessage of(String address, List<?> arguments) {
    String problem = addressProblem(address);
    if (problem != null) {
      throw new IllegalArgumentException("bad OSC address \"" + address + "\": " + problem);
    }
    List<Object> copy = new ArrayList<>(arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      copy.add(checkedArgument(address, i, arguments.get(i)));
    }
    return new OscMessage(address, Collections.unmodifiableList(copy), OscTimeTag.IMMEDIATE);
  }

  /** For the decoder, which has already checked the address and every argument. */
  static OscMessage trusted(String address, List<Object> arguments) {
    return new OscMessage(address, Collections.unmodifiableList(arguments), OscTimeTag.IMMEDIATE);
  }

  /**
   * Why {@code address} is not a valid OSC address or address pattern, or null if it is: it must start with '/' and
   * contain only printable ASCII other than space.
   */
  static @Nullable String addressProblem(String address) {
    if (address.isEmpty() || address.charAt(0) != '/') {
      return "must start with '/'";
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c <= ' ' || c > '~') {
        return String.format("character U+%04X at index %d is not printable ASCII", (int) c, i);
      }
    }
    return null;
  }

  private static Object checkedArgument(String address, int index, @Nullable Object value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "argument " + index + " of " + address + " is null; use OscMarker.NIL for an OSC nil");
    }
    if (value instanceof Float f && !Float.isFinite(f) || value instanceof Double d && !Double.isFinite(d)) {
      throw new IllegalArgumentException("argument " + index + " of " + address + " is not finite: " + value);
    }
    if (value instanceof String s && s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("argument " + index + " of " + address + " contains a NUL character");
    }
    if (value instanceof byte[] blob) {
      return blob.clone();
    }
    if (value instanceof Integer || value instanceof Float || value instanceof String || value instanceof Long
        || value instanceof Double || value instanceof OscTimeTag || value instanceof Boolean
        || value instanceof OscMarker) {
      return value;
    }
    throw new IllegalArgumentException("argument " + index + " of " + address + " has no OSC type: "
        + value.getClass().getName());
  }

  /** The address, or address pattern for an incoming message (see {@link OscControls}). */
  public String address() {
    return address;
  }

  /**
   * The time tag of the bundle this message was delivered in, or {@link OscTimeTag#IMMEDIATE} for a bare message. It
   * is not encoded with the message: only a bundle carries a time tag on the wire.
   */
  public OscTimeTag timeTag() {
    return timeTag;
  }

  /** This message with {@link #timeTag()} replaced. */
  public OscMessage withTimeTag(OscTimeTag tag) {
    return tag.equals(timeTag) ? this : new OscMessage(address, arguments, tag);
  }

  /** The number of arguments. */
  public int argumentCount() {
    return arguments.size();
  }

  /** The OSC type tags of the arguments, without the leading comma, e.g. {@code "ifs"}. */
  public String typeTags() {
    StringBuilder tags = new StringBuilder(arguments.size());
    for (Object argument : arguments) {
      tags.append(typeTag(argument));
    }
    return tags.toString();
  }

  /** All arguments, in order (blobs copied). */
  public List<Object> arguments() {
    List<Object> copy = new ArrayList<>(arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      copy.add(argument(i));
    }
    return Collections.unmodifiableList(copy);
  }

  /** Argument {@code index} as its Java object (blobs copied). */
  public Object argument(int index) {
    Object value = raw(index);
    return value instanceof byte[] blob ? blob.clone() : value;
  }

  /** Argument {@code index}, which must be an {@code i}. */
  public int intArg(int index) {
    if (raw(index) instanceof Integer i) {
      return i;
    }
    throw wrongType(index, "an int (i)");
  }

  /** Argument {@code index} as a long: an {@code i} or an {@code h}. */
  public long longArg(int index) {
    Object value = raw(index);
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw wrongType(index, "an integer (i or h)");
  }

  /**
   * Argument {@code index} as a float: an {@code f}, or an {@code i}, {@code h} or {@code d} converted (controllers
   * often send ints where a float is meant). A double beyond the float range is rejected, not turned into infinity.
   */
  public float floatArg(int index) {
    Object value = raw(index);
    if (value instanceof Float f) {
      return f;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Double) {
      float converted = ((Number) value).floatValue();
      if (Float.isFinite(converted)) {
        return converted;
      }
      throw new IllegalArgumentException(
          "argument " + index + " of " + address + " (" + value + ") is beyond the float range");
    }
    throw wrongType(index, "a number (i, h, f or d)");
  }

  /** Argument {@code index} as a double: a {@code d}, or an {@code i}, {@code h} or {@code f} converted. */
  public double doubleArg(int index) {
    Object value = raw(index);
    if (value instanceof Integer || value instanceof Long || value instanceof Float || value instanceof Double) {
      return ((Number) value).doubleValue();
    }
    throw wrongType(index, "a number (i, h, f or d)");
  }

  /** Argument {@code index}, which must be an {@code s}. */
  public String stringArg(int index) {
    if (raw(index) instanceof String s) {
      return s;
    }
    throw wrongType(index, "a string (s)");
  }

  /** Argument {@code index}, which must be a {@code T} or an {@code F}. */
  public boolean booleanArg(int index) {
    if (raw(index) instanceof Boolean b) {
      return b;
    }
    throw wrongType(index, "a boolean (T or F)");
  }

  /** A copy of argument {@code index}, which must be a blob ({@code b}). */
  public byte[] blobArg(int index) {
    if (raw(index) instanceof byte[] blob) {
      return blob.clone();
    }
    throw wrongType(index, "a blob (b)");
  }

  /** Argument {@code index}, which must be a time tag ({@code t}). */
  public OscTimeTag timeTagArg(int index) {
    if (raw(index) instanceof OscTimeTag tag) {
      return tag;
    }
    throw wrongType(index, "a time tag (t)");
  }

  @Override
  public List<OscMessage> messages() {
    return List.of(this);
  }

  /** Argument {@code index} as stored: blobs are not copied, so this never leaves the package. */
  Object raw(int index) {
    if (index < 0 || index >= arguments.size()) {
      throw new IllegalArgumentException("argument " + index + " of " + address + " does not exist: the message has "
          + arguments.size() + " argument(s) ,'" + typeTags() + "'");
    }
    return arguments.get(index);
  }

  static char typeTag(Object argument) {
    if (argument instanceof Integer) {
      return 'i';
    } else if (argument instanceof Float) {
      return 'f';
    } else if (argument instanceof String) {
      return 's';
    } else if (argument instanceof byte[]) {
      return 'b';
    } else if (argument instanceof Long) {
      return 'h';
    } else if (argument instanceof Double) {
      return 'd';
    } else if (argument instanceof OscTimeTag) {
      return 't';
    } else if (argument instanceof Boolean b) {
      return b ? 'T' : 'F';
    } else {
      return ((OscMarker) argument).typeTag();
    }
  }

  private IllegalArgumentException wrongType(int index, String expected) {
    Object value = arguments.get(index);
    return new IllegalArgumentException("argument " + index + " of " + address + " is '" + typeTag(value) + "' ("
        + describe(value) + "), expected " + expected);
  }

  private static String describe(Object value) {
    if (value instanceof byte[] blob) {
      return blob.length + "-byte blob";
    }
    return value instanceof String s ? '"' + s + '"' : String.valueOf(value);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof OscMessage that) || !address.equals(that.address) || !timeTag.equals(that.timeTag)
        || arguments.size() != that.arguments.size()) {
      return false;
    }
    for (int i = 0; i < arguments.size(); i++) {
      if (!Objects.deepEquals(arguments.get(i), that.arguments.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = Objects.hash(address, timeTag);
    for (Object argument : arguments) {
      hash = 31 * hash + (argument instanceof byte[] blob ? Arrays.hashCode(blob) : argument.hashCode());
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(address).append(" ,").append(typeTags());
    for (Object argument : arguments) {
      text.append(' ').append(describe(argument));
    }
    if (!timeTag.isImmediate()) {
      text.append(" @").append(timeTag.toInstant());
    }
    return text.toString();
  }
}
