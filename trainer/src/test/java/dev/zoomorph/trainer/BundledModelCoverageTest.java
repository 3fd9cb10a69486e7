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
 * Each bundled Fashion model covers at least the classes BENCHMARKS.md claims for it, measured the way the table
 * says ({@code zoomorph evaluate --model M --data fashion-mnist --test fashion-mnist-test}, on Debian's Fashion-MNIST
 * that the test build installs). The claims are read from BENCHMARKS.md, so the table and the test cannot drift apart.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BundledModelCoverageTest {
  private static final Path BENCHMARKS = Path.of("..", "BENCHMARKS.md");
  /** A row of the coverage table for a bundled Fashion model: its name and the "classes covered" column. */
  private static final Pattern BUNDLED_ROW =
      Pattern.compile("^\\| \\*\\*(cppn-gan|cppn-vae-gan|dcgan) \\(bundled\\)\\*\\* \\|[^|]*\\|[^|]*\\| \\**(\\d+)\\**[^|]*\\|");
  private static final Pattern COVERED = Pattern.compile("classes covered \\(>=1%\\): (\\d+)");

  record Claim(String model, int classesCovered) {
    @Override
    public String toString() {
      return model + " covers " + classesCovered + " classes";
    }
  }

  static List<Claim> claims() throws IOException {
    List<Claim> claims;
    try (Stream<String> lines = Files.lines(BENCHMARKS)) {
      claims = lines.map(BUNDLED_ROW::matcher).filter(Matcher::find)
          .map(m -> new Claim("fashion-" + m.group(1), Integer.parseInt(m.group(2)))).toList();
    }
    assertThat(claims).as("the bundled Fashion models' rows in " + BENCHMARKS).hasSize(3);
    return claims;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claims")
  void aBundledModelCoversWhatTheBenchmarksClaim(Claim claim) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new EvaluateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("--model", claim.model(), "--data", "fashion-mnist", "--test", "fashion-mnist-test");
    assertThat(code).as(err.toString()).isZero();
    Matcher covered = COVERED.matcher(out.toString());
    assertThat(covered.find()).as(out.toString()).isTrue();
    assertThat(Integer.parseInt(covered.group(1))).as(out.toString()).isGreaterThanOrEqualTo(claim.classesCovered());
  }
}
