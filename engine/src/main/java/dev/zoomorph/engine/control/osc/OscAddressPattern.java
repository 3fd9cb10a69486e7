package dev.zoomorph.engine.control.osc;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * An OSC 1.0 address pattern, compiled for matching against method addresses. Operators, within one '/'-separated
 * part: {@code ?} one character, {@code *} any run of characters, {@code [abc]} / {@code [a-z]} / {@code [!a-z]} a
 * character (set, range, negation; '-' first or last is literal), {@code {foo,bar}} one of the strings.
 *
 * <p>Matching simulates the pattern as a set of reachable text positions, token by token, so it costs at most
 * tokens × characters × alternatives and never backtracks exponentially on hostile patterns such as {@code *a*a*a*b}.
 */
final class OscAddressPattern {
  private static final String OPERATORS = "*?[]{}";

  private final List<List<Token>> parts;

  private OscAddressPattern(List<List<Token>> parts) {
    this.parts = parts;
  }

  /** Whether {@code address} holds no pattern operator, so that only the identical address matches it. */
  static boolean isLiteral(String address) {
    for (int i = 0; i < address.length(); i++) {
      if (OPERATORS.indexOf(address.charAt(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Compiles {@code pattern}, which starts with '/'; throws {@link MalformedPatternException}. */
  static OscAddressPattern compile(String pattern) {
    List<List<Token>> parts = new ArrayList<>();
    int partStart = 1;
    for (int i = 1; i <= pattern.length(); i++) {
      if (i == pattern.length() || pattern.charAt(i) == '/') {
        parts.add(part(pattern, partStart, i));
        partStart = i + 1;
      }
    }
    return new OscAddressPattern(parts);
  }

  /** Whether this pattern matches the method address split into its parts (without the leading '/'). */
  boolean matches(String[] addressParts) {
    if (addressParts.length != parts.size()) {
      return false;
    }
    for (int i = 0; i < addressParts.length; i++) {
      if (!matches(parts.get(i), addressParts[i])) {
        return false;
      }
    }
    return true;
  }

  /** Splits a method address into its parts, as {@link #matches(String[])} takes them. */
  static String[] split(String address) {
    return address.substring(1).split("/", -1);
  }

  private static boolean matches(List<Token> tokens, String text) {
    BitSet reachable = new BitSet(text.length() + 1);
    reachable.set(0);
    for (Token token : tokens) {
      BitSet next = new BitSet(text.length() + 1);
      for (int at = reachable.nextSetBit(0); at >= 0; at = reachable.nextSetBit(at + 1)) {
        token.advance(text, at, next);
      }
      if (next.isEmpty()) {
        return false;
      }
      reachable = next;
    }
    return reachable.get(text.length());
  }

  private static List<Token> part(String pattern, int start, int end) {
    List<Token> tokens = new ArrayList<>();
    int i = start;
    while (i < end) {
      char c = pattern.charAt(i);
      switch (c) {
        case '?' -> {
          tokens.add(new AnyChar());
          i++;
        }
        case '*' -> {
          if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof AnyRun)) {
            tokens.add(new AnyRun());
          }
          i++;
        }
        case '[' -> {
          int close = pattern.indexOf(']', i + 1);
          if (close < 0 || close >= end) {
            throw new MalformedPatternException(pattern, i, "'[' is not closed in the same part");
          }
          tokens.add(CharSet.parse(pattern, i + 1, close));
          i = close + 1;
        }
        case '{' -> {
          int close = pattern.indexOf('}', i + 1);
          if (close < 0 || close >= end) {
            throw new MalformedPatternException(pattern, i, "'{' is not closed in the same part");
          }
          String inner = pattern.substring(i + 1, close);
          if (inner.indexOf('{') >= 0) {
            throw new MalformedPatternException(pattern, i, "'{' inside '{...}'");
          }
          tokens.add(new OneOf(inner.split(",", -1)));
          i = close + 1;
        }
        case ']', '}' -> throw new MalformedPatternException(pattern, i, "'" + c + "' without its opening bracket");
        default -> {
          tokens.add(new Literal(c));
          i++;
        }
      }
    }
    return tokens;
  }

  /** One step of a part: from text position {@code at}, marks the positions reachable after this token. */
  private interface Token {
    void advance(String text, int at, BitSet next);
  }

  private record Literal(char c) implements Token {
    @Override
    public void advance(String text, int at, BitSet next) {
      if (at < text.length() && text.charAt(at) == c) {
        next.set(at + 1);
      }
    }
  }

  private record AnyChar() implements Token {
    @Override
    public void advance(String text, int at, BitSet next) {
      if (at < text.length()) {
        next.set(at + 1);
      }
    }
  }

  private record AnyRun() implements Token {
    @Override
    public void advance(String text, int at, BitSet next) {
      next.set(at, text.length() + 1);
    }
  }

  private record OneOf(String[] options) implements Token {
    @Override
    public void advance(String text, int at, BitSet next) {
      for (String option : options) {
        if (text.startsWith(option, at)) {
          next.set(at + option.length());
        }
      }
    }
  }

  /** {@code [...]}: ranges as inclusive pairs {@code from, to}. */
  private record CharSet(boolean negated, char[] ranges) implements Token {
    static CharSet parse(String pattern, int start, int end) {
      boolean negated = start < end && pattern.charAt(start) == '!';
      int i = negated ? start + 1 : start;
      if (i == end) {
        throw new MalformedPatternException(pattern, start - 1, "empty character set");
      }
      StringBuilder ranges = new StringBuilder();
      while (i < end) {
        char from = pattern.charAt(i);
        if (i + 2 < end && pattern.charAt(i + 1) == '-') {
          char to = pattern.charAt(i + 2);
          if (to < from) {
            throw new MalformedPatternException(pattern, i, "range " + from + "-" + to + " runs backwards");
          }
          ranges.append(from).append(to);
          i += 3;
        } else {
          ranges.append(from).append(from);
          i++;
        }
      }
      return new CharSet(negated, ranges.toString().toCharArray());
    }

    @Override
    public void advance(String text, int at, BitSet next) {
      if (at >= text.length()) {
        return;
      }
      char c = text.charAt(at);
      boolean inSet = false;
      for (int r = 0; r < ranges.length && !inSet; r += 2) {
        inSet = c >= ranges[r] && c <= ranges[r + 1];
      }
      if (inSet != negated) {
        next.set(at + 1);
      }
    }
  }

  /** A pattern that breaks the OSC 1.0 syntax; the router counts it and moves on. */
  static final class MalformedPatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedPatternException(String pattern, int index, String problem) {
      super("malformed OSC address pattern \"" + pattern + "\" at index " + index + ": " + problem);
    }
  }
}
