package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokenTest {

  @Test
  void onlyTheExactTokenMatches() {
    ApiToken token = new ApiToken("s3cret");
    assertThat(token.matches("s3cret")).isTrue();
    assertThat(token.matches("s3cre")).isFalse();
    assertThat(token.matches("s3cret ")).isFalse();
    assertThat(token.matches("S3CRET")).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }

  @Test
  void randomTokensAreLongAndDifferent() {
    ApiToken first = ApiToken.random();
    ApiToken second = ApiToken.random();
    assertThat(first.value()).hasSize(32).matches("[A-Za-z0-9_-]+");
    assertThat(first.value()).isNotEqualTo(second.value());
    assertThat(first.matches(second.value())).isFalse();
  }

  @Test
  void blankOrUnprintableTokensAreRefused() {
    for (String bad : new String[] {"", "  ", "two words", "tab\there", "é"}) {
      assertThatThrownBy(() -> new ApiToken(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("printable ASCII");
    }
  }
}
