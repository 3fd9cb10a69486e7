package dev.zoomorph.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Why an output cannot be written, in words that fit the case. */
class OutputsTest {

  /** /proc is there, but takes no new file: it was "no such file or directory", of a folder that exists. */
  @Test
  void aFolderThatTakesNoNewFilesIsSaidToBeOne() {
    Path proc = Path.of("/proc");
    Assumptions.assumeTrue(Files.isDirectory(proc), "a Linux /proc");
    assertThat(Outputs.whyNoFolder(proc))
        .isEqualTo("cannot write in the folder /proc: it takes no new files (a system folder such as /proc?)");
  }
}
