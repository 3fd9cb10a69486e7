package dev.zoomorph.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Options;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsAddressTest {

  private static final ConnectionListener QUIET = (connection, event) -> {};
  private static final ErrorListener NO_ERRORS = new ErrorListener() {};

  @Test
  void readsServerSubjectAndCredentialsFromTheUrlOrTheEnvironment() {
    NatsAddress plain = NatsAddress.parse("nats://10.0.0.5/zoomorph.show", Map.of());
    assertThat(plain.server()).isEqualTo(URI.create("nats://10.0.0.5:4222"));
    assertThat(plain.subject()).isEqualTo("zoomorph.show");
    assertThat(plain.credentials()).isNull();
    assertThat(plain.tls()).isFalse();

    NatsAddress token = NatsAddress.parse("nats://t0ken@127.0.0.1:4333/a.b", Map.of());
    assertThat(token.credentials()).isEqualTo(new NatsAddress.Credentials.Token("t0ken"));
    assertThat(token).hasToString("nats://127.0.0.1:4333/a.b");

    NatsAddress login = NatsAddress.parse("nats://ann:pa%3Ass@host:1/s", Map.of());
    assertThat(login.credentials()).isEqualTo(new NatsAddress.Credentials.UserPassword("ann", "pa:ss"));
    assertThat(login.toString() + login.credentials()).doesNotContain("pa:ss");

    assertThat(NatsAddress.parse("nats://h/s", Map.of(NatsAddress.TOKEN_VARIABLE, "env-token")).credentials())
        .isEqualTo(new NatsAddress.Credentials.Token("env-token"));
    assertThat(NatsAddress.parse("nats://h/s",
        Map.of(NatsAddress.USER_VARIABLE, "bo", NatsAddress.PASSWORD_VARIABLE, "pw")).credentials())
        .isEqualTo(new NatsAddress.Credentials.UserPassword("bo", "pw"));
    assertThat(NatsAddress.parse("nats://url-token@h/s", Map.of(NatsAddress.TOKEN_VARIABLE, "env")).credentials())
        .as("the URL's credentials win").isEqualTo(new NatsAddress.Credentials.Token("url-token"));
  }

  @Test
  void badUrlsAreRefusedWithoutShowingTheSecret() {
    String[][] cases = {
      {"http://secret@h/s", "must start with nats:// or tls://"},
      {"nats://secret@h", "names no subject"},
      {"nats://secret@h/a..b", "subject 'a..b' must be dot-separated words"},
      {"nats://secret@h/a.*", "no wildcards"},
      {"nats://secret@h/s?x=1", "no ?query"},
      {"nats://secret@/s", "names no host"},
    };
    for (String[] c : cases) {
      Throwable error = catchThrowable(() -> NatsAddress.parse(c[0], Map.of()));
      assertThat(error).as(c[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[1]);
      assertThat(error.getMessage()).doesNotContain("secret");
    }
    assertThatThrownBy(() -> NatsAddress.parse("nats://h/s", Map.of(NatsAddress.USER_VARIABLE, "bo")))
        .hasMessage("ZOOMORPH_NATS_USER is set but ZOOMORPH_NATS_PASSWORD is not");
  }

  @Test
  void theClientGetsCredentialsApartFromTheUrlAndTlsForTlsUrls() {
    Options token = NatsConnector.options(NatsAddress.parse("nats://tok@127.0.0.1:4222/s", Map.of()), "t", QUIET,
        NO_ERRORS);
    assertThat(token.getServers()).extracting(URI::toString).containsExactly("nats://127.0.0.1:4222");
    assertThat(token.getToken()).isEqualTo("tok");
    assertThat(token.isTLSRequired()).isFalse();
    assertThat(token.getMaxReconnect()).as("reconnects for ever").isEqualTo(-1);

    Options login = NatsConnector.options(NatsAddress.parse("tls://ann:pw@nats.example:4443/s", Map.of()), "t",
        QUIET, NO_ERRORS);
    assertThat(login.getUsername()).isEqualTo("ann");
    assertThat(login.getServers()).extracting(URI::toString).containsExactly("tls://nats.example:4443");
    assertThat(login.isTLSRequired()).isTrue();
    assertThat(login.getSslContext()).isNotNull();
  }
}
