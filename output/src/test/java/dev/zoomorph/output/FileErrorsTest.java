package dev.zoomorph.output;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoomorph.engine.generator.Frame;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be written is reported by the user's path and the reason in words. */
class FileErrorsTest {
  @TempDir Path dir;

  private static final Frame GREY = new Frame(4, 4, 1, new byte[16]);

  @Test
  void aPngThatCannotBeWrittenNamesTheFileAndTheReasonNotATemporaryFileOrAJavaType() throws Exception {
    Path missing = dir.resolve("missing").resolve("x.png");
    assertThatThrownBy(() -> Png.write(GREY, missing)).isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot write " + missing + ": no such file or directory");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path under = file.resolve("x.png");
    assertThatThrownBy(() -> Png.write(GREY, under)).hasMessage("cannot write " + under + ": not a directory");
  }
}
