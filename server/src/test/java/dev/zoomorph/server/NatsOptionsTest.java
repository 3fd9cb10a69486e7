package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NatsOptionsTest {

  @Test
  void aBadNatsUrlIsAUsageErrorThatLeavesTheSecretOut() {
    StringWriter err = new StringWriter();
    int status = new CommandLine(new RelayCommand(Map.of())).setErr(new PrintWriter(err))
        .execute("--from", "nats://secret@h", "--port", "0");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--from: the URL names no subject").doesNotContain("secret");
    StringWriter serveErr = new StringWriter();
    status = new CommandLine(new ServeCommand()).setErr(new PrintWriter(serveErr))
        .execute("--publish", "ftp://secret@h/s", "--port", "0");
    assertThat(status).isEqualTo(2);
    assertThat(serveErr.toString()).contains("--publish: the URL must start with nats:// or tls://")
        .doesNotContain("secret");
  }
}
