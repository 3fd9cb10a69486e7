package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;

class OscRouterTest {
  private static final List<String> METHODS = List.of("/zoomorph/latent/0", "/zoomorph/latent/3",
      "/zoomorph/latent/12", "/zoomorph/zoom", "/zoomorph/speed", "/zoomorph/seed", "/mixer/a/gain", "/mixer/b/gain",
      "/mixer/c-d/gain");

  private final OscRouter router = new OscRouter();
  private final List<String> called = new ArrayList<>();

  OscRouterTest() {
    METHODS.forEach(address -> router.register(address, message -> called.add(address)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // literal
      "/zoomorph/zoom | /zoomorph/zoom",
      "/zoomorph/zoo | ''",
      // ? one character
      "/zoomorph/latent/? | /zoomorph/latent/0 /zoomorph/latent/3",
      "/zoomorph/latent/?? | /zoomorph/latent/12",
      "/zoomorph/s??d | /zoomorph/seed",
      // * any run, within one part only
      "/zoomorph/latent/* | /zoomorph/latent/0 /zoomorph/latent/12 /zoomorph/latent/3",
      "/zoomorph/s* | /zoomorph/seed /zoomorph/speed",
      "/zoomorph/*e*d | /zoomorph/seed /zoomorph/speed",
      "/zoomorph/*oom* | /zoomorph/zoom",
      "/zoomorph/* | /zoomorph/seed /zoomorph/speed /zoomorph/zoom",
      "/* | ''",
      "/*/*/gain | /mixer/a/gain /mixer/b/gain /mixer/c-d/gain",
      // [] sets, ranges, negation, literal '-' first or last
      "/zoomorph/latent/[03] | /zoomorph/latent/0 /zoomorph/latent/3",
      "/zoomorph/latent/[1-5] | /zoomorph/latent/3",
      "/zoomorph/latent/[!0] | /zoomorph/latent/3",
      "/zoomorph/latent/[!0-2]* | /zoomorph/latent/3",
      "/mixer/[a-b]/gain | /mixer/a/gain /mixer/b/gain",
      "/mixer/c[-x]d/gain | /mixer/c-d/gain",
      "/mixer/c[x-]d/gain | /mixer/c-d/gain",
      // {} alternatives
      "/zoomorph/{zoom,speed} | /zoomorph/speed /zoomorph/zoom",
      "/zoomorph/latent/{1,3,12} | /zoomorph/latent/12 /zoomorph/latent/3",
      "/zoomorph/latent/1{,2} | /zoomorph/latent/12",
      "/{mixer,zoomorph}/*/gain | /mixer/a/gain /mixer/b/gain /mixer/c-d/gain",
      // combined
      "/*/{latent,nope}/[0-9]? | /zoomorph/latent/12",
      "/zoomorph/latent | ''",
      "/zoomorph/latent/3/x | ''",
  })
  void matchesPatternsWithOsc10Semantics(String pattern, String expected) {
    router.dispatch(OscMessage.of(pattern));
    List<String> expectedCalls = expected.isEmpty() ? List.of() : List.of(expected.split(" "));
    assertThat(called).containsExactlyElementsOf(expectedCalls);
    assertThat(router.stats().unknownAddress()).isEqualTo(expectedCalls.isEmpty() ? 1 : 0);
    assertThat(router.stats().delivered()).isEqualTo(expectedCalls.size());
  }

  @ParameterizedTest
  @CsvSource({"/zoomorph/latent/[0", "/zoomorph/latent/[]", "/zoomorph/latent/[!]", "/zoomorph/{zoom",
      "/zoomorph/zoom}", "/zoomorph/latent]", "/zoomorph/latent/[9-0]", "/zoomorph/{a,{b}}", "/zoomorph/[a/b]"})
  void countsMalformedPatternsInsteadOfThrowing(String pattern) {
    assertThat(router.dispatch(OscMessage.of(pattern))).isZero();
    assertThat(called).isEmpty();
    assertThat(router.stats()).isEqualTo(new OscRouter.Stats(0, 0, 1, 0));
  }

  @Test
  void hostilePatternsMatchInBoundedTime() {
    // A backtracking matcher would take 2^n steps here; the position-set matcher takes n × length.
    String hostile = "/zoomorph/" + "*a".repeat(40) + "b";
    router.register("/zoomorph/" + "a".repeat(200), message -> called.add("aaa"));
    assertThat(router.dispatch(OscMessage.of(hostile))).isZero();
    assertThat(router.dispatch(OscMessage.of("/zoomorph/" + "*a".repeat(40)))).isEqualTo(1);
  }

  @Test
  void countsUnknownAddresses() {
    router.dispatch(OscMessage.of("/nobody/home", 1f));
    router.dispatch(OscMessage.of("/zoomorph/zoom", 1f));
    assertThat(router.stats()).isEqualTo(new OscRouter.Stats(1, 1, 0, 0));
  }

  @Test
  void aFailingHandlerIsCountedAndTheOthersStillRun() {
    router.register("/zoomorph/latent/4", message -> {
      throw new IllegalStateException("handler bug");
    });
    router.register("/zoomorph/latent/5", message -> message.floatArg(0));
    assertThat(router.dispatch(OscMessage.of("/zoomorph/latent/*", "not a number"))).isEqualTo(5);
    assertThat(called).containsExactly("/zoomorph/latent/0", "/zoomorph/latent/12", "/zoomorph/latent/3");
    assertThat(router.stats()).isEqualTo(new OscRouter.Stats(3, 0, 0, 2));
    router.dispatch(OscMessage.of("/zoomorph/zoom"));
    assertThat(called).endsWith("/zoomorph/zoom");
  }

  @Test
  void disposingARegistrationRemovesItsHandler() {
    Disposable registration = router.register("/extra", message -> called.add("/extra"));
    router.dispatch(OscMessage.of("/extra"));
    registration.dispose();
    router.dispatch(OscMessage.of("/extra"));
    assertThat(called).containsExactly("/extra");
    assertThat(router.stats().unknownAddress()).isEqualTo(1);
    router.register("/extra", message -> called.add("again"));
    router.dispatch(OscMessage.of("/extra"));
    assertThat(called).containsExactly("/extra", "again");
  }

  @Test
  void refusesBadMethodAddresses() {
    assertThatThrownBy(() -> router.register("/zoomorph/zoom", message -> {}))
        .hasMessageContaining("already has a handler");
    assertThatThrownBy(() -> router.register("/zoomorph/*", message -> {}))
        .hasMessageContaining("'*' is not allowed in a method name");
    assertThatThrownBy(() -> router.register("/zoomorph//x", message -> {})).hasMessageContaining("empty part");
    assertThatThrownBy(() -> router.register("zoomorph", message -> {})).hasMessageContaining("must start with '/'");
  }
}
