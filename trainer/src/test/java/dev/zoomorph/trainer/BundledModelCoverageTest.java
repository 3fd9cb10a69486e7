package dev.zoomorph.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.trainer.cli.EvaluateCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Each bundled Fashion and emoji model covers at least the classes BENCHMARKS.md claims for it, measured the way the
 * tables say: {@code zoomorph evaluate --model M --data fashion-mnist --test fashion-mnist-test} on Debian's
 * Fashion-MNIST, {@code --data emoji:FOLDER} on the Twemoji package (both fetched by the test build: the Debian
 * package and {@code scripts/test-data.sh}). The claims are read from BENCHMARKS.md, so the tables and the test
 * cannot drift apart.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BundledModelCoverageTest {
  private static final Path BENCHMARKS = Path.of("..", "BENCHMARKS.md");
  /** A row of the coverage table for a bundled Fashion model: its name and the "classes covered" column. */
  private static final Pattern FASHION_ROW =
      Pattern.compile("^\\| \\*\\*(cppn-gan|cppn-vae-gan|dcgan) \\(bundled\\)\\*\\* \\|[^|]*\\|[^|]*\\| \\**(\\d+)\\**[^|]*\\|");
  /** A row of the table of every bundled model for an emoji model: its name and its classes covered. */
  private static final Pattern EMOJI_ROW =
      Pattern.compile("^\\| \\*\\*`(emoji-[a-z-]+)`\\*\\* \\|[^|]*\\| \\*\\*(\\d+)\\*\\*");
  private static final Pattern COVERED = Pattern.compile("classes covered \\(>=1%\\): (\\d+)");

  record Claim(String model, int classesCovered, List<String> data) {
    @Override
    public String toString() {
      return model + " covers " + classesCovered + " classes";
    }
  }

  static List<Claim> claims() throws IOException {
    List<String> lines = Files.readAllLines(BENCHMARKS);
    List<Claim> fashion = lines.stream().map(FASHION_ROW::matcher).filter(Matcher::find)
        .map(m -> new Claim("fashion-" + m.group(1), Integer.parseInt(m.group(2)),
            List.of("--data", "fashion-mnist", "--test", "fashion-mnist-test"))).toList();
    assertThat(fashion).as("the bundled Fashion models' rows in " + BENCHMARKS).hasSize(3);
    List<Claim> emoji = lines.stream().map(EMOJI_ROW::matcher).filter(Matcher::find)
        .map(m -> new Claim(m.group(1), Integer.parseInt(m.group(2)),
            List.of("--data", "emoji:" + twemoji()))).toList();
    assertThat(emoji).as("the bundled emoji models' rows in " + BENCHMARKS).hasSize(2);
    return Stream.concat(fashion.stream(), emoji.stream()).toList();
  }

  /**
   * The Twemoji package the test build fetched: {@code package} in the folder {@code scripts/test-data.sh} was given
   * (the build's {@code zoomorph.twemoji}, which a {@code -D} on Maven's command line also hands the tests).
   */
  private static Path twemoji() {
    Path folder = Path.of(System.getProperty("zoomorph.twemoji", ""), "package");
    assertThat(folder.resolve("categories.json")).as("the Twemoji test data; scripts/test-data.sh fetches it")
        .isRegularFile();
    return folder;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claims")
  void aBundledModelCoversWhatTheBenchmarksClaim(Claim claim) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = Stream.concat(Stream.of("--model", claim.model()), claim.data().stream()).toList();
    int code = new CommandLine(new EvaluateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    Matcher covered = COVERED.matcher(out.toString());
    assertThat(covered.find()).as(out.toString()).isTrue();
    assertThat(Integer.parseInt(covered.group(1))).as(out.toString()).isGreaterThanOrEqualTo(claim.classesCovered());
  }
}
