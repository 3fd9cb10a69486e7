package example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/embedding.md's example is this package's EmbeddingExample, and it runs: headless, a few frames, real model. */
class EmbeddingExampleTest {
  private static final Path SOURCE = Path.of("src", "test", "java", "example", "EmbeddingExample.java");

  @Test
  void theDocumentedExampleIsTheOneThatRuns() throws Exception {
    String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
    String docs = Files.readString(Path.of("..", "docs", "embedding.md"), StandardCharsets.UTF_8);
    assertThat(docs).as("docs/embedding.md shows EmbeddingExample.java as it is").contains("```java\n" + source + "```");
  }

  @Test
  @Timeout(120)
  void theExampleServesRenderedFramesOfTheBundledModel() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      EmbeddingExample.main(new String[] {"0", "0", "5"});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).containsPattern("watch http://127\\.0\\.0\\.1:\\d+/, OSC on /127\\.0\\.0\\.1:\\d+");
    // A grey model through the fire palette comes out in colour, at the size asked for.
    assertThat(printed).contains("last frame 256x256x3");
  }
}
