package dev.zoomorph.engine.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A scripted sequence of control messages, each at a time: a VJ's set written down, so a show can be re-rendered
 * offline ({@code record --controls FILE}) and repeat frame for frame. A timeline file is UTF-8 text, one message a
 * line: seconds from the start, the address, then its arguments, separated by spaces; {@code #} starts a comment.
 *
 * <pre>
 * 0     /zoomorph/speed 0.5
 * 2.5   /zoomorph/post/palette fire
 * 4     /zoomorph/center 0.1 -0.2
 * 6     /zoomorph/tap
 * 8     /zoomorph/preset "my preset.json"
 * </pre>
 *
 * <p>Arguments: a whole number is an integer, another number a double, {@code true}/{@code false} a boolean, and
 * anything else a string ({@code "double quotes"} for one with spaces). Times must not go backwards.
 */
public final class ControlTimeline {

  /** One timed message, with the line it came from. */
  public record Entry(long nanos, ControlMessage message, int line) {}

  /** A timeline file that cannot be used, naming the file, the line and the problem. */
  public static final class FormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1;

    FormatException(String message) {
      super(message);
    }
  }

  private final Path file;
  private final List<Entry> entries;
  private int next;

  private ControlTimeline(Path file, List<Entry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads and parses {@code file}.
   *
   * @throws FormatException naming the file, the line and the problem, for the first bad line
   * @throws UncheckedIOException naming the file if it cannot be read
   */
  public static ControlTimeline load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new FormatException(file + ": no such timeline file");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the timeline: " + e.getMessage(), e);
    }
    List<Entry> entries = new ArrayList<>();
    long last = 0;
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      List<String> words = words(file, line, stripComment(lines.get(i)));
      if (words.isEmpty()) {
        continue;
      }
      if (words.size() < 2) {
        throw problem(file, line, "expected SECONDS ADDRESS [ARGUMENTS...], got '" + lines.get(i).trim() + "'");
      }
      double seconds;
      try {
        seconds = Double.parseDouble(words.get(0));
      } catch (NumberFormatException e) {
        throw problem(file, line, "the time '" + words.get(0) + "' is not a number of seconds");
      }
      if (!(seconds >= 0 && seconds < 1e9)) {
        throw problem(file, line, "the time must be 0 or more seconds, was " + words.get(0));
      }
      long nanos = Math.round(seconds * 1e9);
      if (nanos < last) {
        throw problem(file, line, "time " + words.get(0) + " s is before the line above it; times must not go back");
      }
      last = nanos;
      String address = words.get(1);
      if (!address.startsWith("/")) {
        throw problem(file, line, "the address '" + address + "' must start with '/'");
      }
      List<Object> args = new ArrayList<>();
      for (String word : words.subList(2, words.size())) {
        args.add(argument(word));
      }
      entries.add(new Entry(nanos, new ControlMessage(address, args), line));
    }
    return new ControlTimeline(file, entries);
  }

  /**
   * Checks every message with {@code check} (e.g. against a show's control table) before anything plays.
   *
   * @throws FormatException naming the file and line of the first message {@code check} refuses, with its reason
   */
  public ControlTimeline checkedWith(Consumer<ControlMessage> check) {
    for (Entry entry : entries) {
      try {
        check.accept(entry.message());
      } catch (IllegalArgumentException e) {
        throw problem(file, entry.line(), e.getMessage());
      }
    }
    return this;
  }

  /**
   * Hands {@code sink} every message due by {@code nanos} that it has not had yet, in order: what a frame starting
   * at {@code nanos} must see applied. Not thread-safe: one frame clock drives it.
   *
   * @throws FormatException naming the file and line when {@code sink} refuses a message
   */
  public void deliverUntil(long nanos, Consumer<ControlMessage> sink) {
    while (next < entries.size() && entries.get(next).nanos() <= nanos) {
      Entry entry = entries.get(next++);
      try {
        sink.accept(entry.message());
      } catch (IllegalArgumentException e) {
        throw problem(file, entry.line(), e.getMessage());
      }
    }
  }

  private static FormatException problem(Path file, int line, String what) {
    return new FormatException(file + ":" + line + ": " + what);
  }

  private static String stripComment(String text) {
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  private static List<String> words(Path file, int line, String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          quoted = false;
          words.add("\"" + word);
          word = null;
        } else {
          word.append(c);
        }
      } else if (c == '"') {
        if (word != null) {
          throw problem(file, line, "a quote inside a word at column " + (i + 1));
        }
        quoted = true;
        word = new StringBuilder();
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        if (word == null) {
          word = new StringBuilder();
        }
        word.append(c);
      }
    }
    if (quoted) {
      throw problem(file, line, "a quoted argument is not closed");
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  /** A word as an argument; a quoted word (kept with its opening quote by {@link #words}) is always a string. */
  private static Object argument(String word) {
    if (word.startsWith("\"")) {
      return word.substring(1);
    }
    if (word.equals("true") || word.equals("false")) {
      return Boolean.parseBoolean(word);
    }
    if (word.matches("[-+]?\\d{1,9}")) {
      return Integer.parseInt(word);
    }
    try {
      double value = Double.parseDouble(word);
      if (Double.isFinite(value) && word.matches("[-+]?[\\d.]+([eE][-+]?\\d+)?")) {
        return value;
      }
    } catch (NumberFormatException e) {
      // a bare word: a string
    }
    return word;
  }
}
