package dev.zoomorph.engine.control;

import dev.zoomorph.engine.control.ControlException.Problem;
import dev.zoomorph.engine.control.ControlParameter.Range;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One argument of a {@link Control}: its OSC type tag, its range, and how a received value becomes the value
 * applied (clamped into the range, rounded, lower-cased). Received values are {@link Number}, {@link Boolean} or
 * {@link String}; a boolean reads as 0/1 where a number belongs and a number as false/true (0/else) where a boolean
 * does.
 */
public abstract class ControlArg {
  private final String tag;
  private final Range range;

  private ControlArg(String tag, Range range) {
    this.tag = tag;
    this.range = range;
  }

  /** The OSC type tag: {@code f}, {@code i}, {@code T} (boolean) or {@code s}. */
  public String tag() {
    return tag;
  }

  /**
   * The allowed interval: {@link Range#NONE} for booleans and free strings; for a {@link #choice} or a {@link
   * #text(Supplier)} with known names, no limits and those names.
   */
  public Range range() {
    return range;
  }

  /**
   * The value to apply for {@code raw}.
   *
   * @throws ControlException naming the address and argument when {@code raw} cannot be used
   */
  public abstract Object parse(String address, int index, Object raw);

  /** A number, clamped into {@code range}. */
  public static ControlArg number(Range range) {
    return new ControlArg("f", range) {
      @Override
      public Object parse(String address, int index, Object raw) {
        return clamp(numeric(address, index, raw), range);
      }
    };
  }

  /** A number where 0 or less means off (0) and other values are clamped into {@code onRange}. */
  public static ControlArg numberOrOff(Range range, Range onRange) {
    return new ControlArg("f", range) {
      @Override
      public Object parse(String address, int index, Object raw) {
        double value = numeric(address, index, raw);
        return value <= 0 ? 0.0 : clamp(value, onRange);
      }
    };
  }

  /** A whole number, rounded to the nearest and clamped into {@code range}. */
  public static ControlArg integer(Range range) {
    return new ControlArg("i", range) {
      @Override
      public Object parse(String address, int index, Object raw) {
        return (int) clamp(Math.rint(numeric(address, index, raw)), range);
      }
    };
  }

  /** A boolean; numbers read as 0 false, anything else true. */
  public static ControlArg bool() {
    return new ControlArg("T", Range.NONE) {
      @Override
      public Object parse(String address, int index, Object raw) {
        if (raw instanceof String) {
          throw new ControlException(Problem.BAD_ARGUMENTS, address,
              "argument " + index + " must be true or false (or a number, 0 for false), was '" + raw + "'");
        }
        return numeric(address, index, raw) != 0;
      }
    };
  }

  /** Any string. */
  public static ControlArg text() {
    return text(List::of);
  }

  /**
   * Any string, with the names known now (read at each {@link #range()}) offered to whoever describes the control,
   * e.g. a control page's picker; other strings are accepted as well.
   */
  public static ControlArg text(Supplier<List<String>> known) {
    return new ControlArg("s", Range.NONE) {
      @Override
      public Range range() {
        List<String> names = known.get();
        return names.isEmpty() ? Range.NONE : Range.of(names);
      }

      @Override
      public Object parse(String address, int index, Object raw) {
        return string(address, index, raw);
      }
    };
  }

  /** One of {@code names} (of a {@code kind}, e.g. "palette"), in any case; read as lower case. */
  public static ControlArg choice(String kind, List<String> names) {
    return new ControlArg("s", Range.of(names)) {
      @Override
      public Object parse(String address, int index, Object raw) {
        String name = string(address, index, raw).toLowerCase(Locale.ROOT);
        if (!names.contains(name)) {
          throw new ControlException(Problem.BAD_ARGUMENTS, address,
              "unknown " + kind + " '" + raw + "'; known: " + String.join(", ", names));
        }
        return name;
      }
    };
  }

  static double numeric(String address, int index, Object raw) {
    double value;
    if (raw instanceof Number n) {
      value = n.doubleValue();
    } else if (raw instanceof Boolean b) {
      value = b ? 1 : 0;
    } else {
      throw new ControlException(Problem.BAD_ARGUMENTS, address,
          "argument " + index + " must be a number, was '" + raw + "'");
    }
    if (!Double.isFinite(value)) {
      throw new ControlException(Problem.BAD_ARGUMENTS, address, "argument " + index + " is not finite: " + value);
    }
    return value;
  }

  private static String string(String address, int index, Object raw) {
    if (raw instanceof String s) {
      return s;
    }
    throw new ControlException(Problem.BAD_ARGUMENTS, address,
        "argument " + index + " must be a string, was " + raw);
  }

  private static double clamp(double value, Range range) {
    return Math.max(range.min(), Math.min(range.max(), value));
  }
}
