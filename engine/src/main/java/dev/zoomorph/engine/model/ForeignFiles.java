package dev.zoomorph.engine.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What a file given as a model is when it is not one, recognised cheaply (its first bytes, a checkpoint's file
 * names), for a message that says so rather than a header length read from a picture's bytes.
 */
final class ForeignFiles {
  /** What to use instead, said after every "not a model file". */
  private static final String HINT = "the trained model is the file train's --out wrote";
  /** A TensorFlow checkpoint's files: NAME.index and NAME.data-00000-of-00001. */
  private static final Pattern CHECKPOINT_FILE = Pattern.compile(".*\\.(index|data-\\d{5}-of-\\d{5})|checkpoint");
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
  private static final byte[] GIF = {'G', 'I', 'F', '8'};
  /** How much of a file decides whether it is text. */
  private static final int TEXT_SAMPLE = 512;

  private ForeignFiles() {}

  /** The error for {@code source}, which is {@code what} (e.g. "a PNG image"), given as a model. */
  static IllegalArgumentException notAModel(String source, String what) {
    return new IllegalArgumentException(source + " is " + what + ", not a model file (" + HINT + ")");
  }

  /** What {@code bytes} (from {@code file}, when a file) are, or null when not one of the common mistakes. */
  static @Nullable String describe(byte[] bytes, @Nullable Path file) {
    if (file != null && file.getFileName() != null
        && CHECKPOINT_FILE.matcher(file.getFileName().toString()).matches()) {
      return "part of a TensorFlow checkpoint (as train's work folder holds)";
    }
    if (startsWith(bytes, PNG)) {
      return "a PNG image";
    }
    if (startsWith(bytes, JPEG)) {
      return "a JPEG image";
    }
    if (startsWith(bytes, GIF)) {
      return "a GIF image";
    }
    return isText(bytes) ? "a text file" : null;
  }

  /** What {@code folder} is: a checkpoint's folder when it holds a checkpoint's files, else a folder. */
  static String describeFolder(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      if (files.anyMatch(f -> CHECKPOINT_FILE.matcher(f.getFileName().toString()).matches())) {
        return "a TensorFlow checkpoint's folder (as train's work folder holds)";
      }
    } catch (IOException e) {
      // Unlisted, it is still a folder.
    }
    return "a folder";
  }

  private static boolean startsWith(byte[] bytes, byte[] signature) {
    return bytes.length >= signature.length
        && Arrays.equals(bytes, 0, signature.length, signature, 0, signature.length);
  }

  /** Whether the file starts as text does: UTF-8, no control characters but tab, line feed and carriage return. */
  private static boolean isText(byte[] bytes) {
    CharBuffer text = CharBuffer.allocate(TEXT_SAMPLE);
    // Not the end of the input: a character cut by the sample's end is not an error.
    if (bytes.length == 0 || StandardCharsets.UTF_8.newDecoder()
        .decode(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, TEXT_SAMPLE)), text, false).isError()) {
      return false;
    }
    text.flip();
    return text.chars().allMatch(c -> c == '\t' || c == '\n' || c == '\r' || !Character.isISOControl(c));
  }
}
