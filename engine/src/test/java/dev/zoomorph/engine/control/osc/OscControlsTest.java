package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.ControlMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OscControlsTest {
  private static final List<String> METHODS = List.of("/zoomorph/latent/0", "/zoomorph/latent/3",
      "/zoomorph/latent/12", "/zoomorph/zoom", "/zoomorph/speed", "/zoomorph/seed", "/mixer/a/gain", "/mixer/b/gain",
      "/mixer/c-d/gain");

  private final OscControls osc = new OscControls(() -> METHODS);

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
    List<String> expectedAddresses = expected.isEmpty() || OscAddressPattern.isLiteral(pattern) ? List.of()
        : List.of(expected.split(" "));
    List<String> refused = new ArrayList<>();
    List<ControlMessage> out = osc.toControls(OscMessage.of(pattern), refused::add);
    if (OscAddressPattern.isLiteral(pattern)) {
      // A literal address goes on as it is: the control bus, which knows the table, refuses unknown ones.
      assertThat(out).extracting(ControlMessage::address).containsExactly(pattern);
      return;
    }
    assertThat(out).extracting(ControlMessage::address).containsExactlyElementsOf(expectedAddresses);
    assertThat(osc.stats().unmatched()).isEqualTo(expectedAddresses.isEmpty() ? 1 : 0);
    assertThat(refused).isEqualTo(expectedAddresses.isEmpty()
        ? List.of("address pattern " + pattern + " matches no address the show has now") : List.of());
  }

  @ParameterizedTest
  @CsvSource({"/zoomorph/latent/[0", "/zoomorph/latent/[]", "/zoomorph/latent/[!]", "/zoomorph/{zoom",
      "/zoomorph/zoom}", "/zoomorph/latent]", "/zoomorph/latent/[9-0]", "/zoomorph/{a,{b}}", "/zoomorph/[a/b]"})
  void countsMalformedPatternsInsteadOfThrowing(String pattern) {
    List<String> refused = new ArrayList<>();
    assertThat(osc.toControls(OscMessage.of(pattern), refused::add)).isEmpty();
    assertThat(osc.stats()).isEqualTo(new OscControls.Stats(0, 1, 0));
    assertThat(refused).singleElement().asString().startsWith("malformed OSC address pattern \"" + pattern + "\"");
  }

  @Test
  void hostilePatternsMatchInBoundedTime() {
    // A backtracking matcher would take 2^n steps here; the position-set matcher takes n × length.
    List<String> long_ = List.of("/zoomorph/" + "a".repeat(200));
    OscControls hostile = new OscControls(() -> long_);
    assertThat(hostile.toControls(OscMessage.of("/zoomorph/" + "*a".repeat(40) + "b"), problem -> { })).isEmpty();
    assertThat(hostile.toControls(OscMessage.of("/zoomorph/" + "*a".repeat(40)), problem -> { })).hasSize(1);
  }

  @Test
  void argumentsGoWithEveryMatchAndUnusableTypesAreCounted() {
    List<String> refused = new ArrayList<>();
    assertThat(osc.toControls(OscMessage.of("/zoomorph/latent/[03]", 0.5f), refused::add))
        .containsExactly(ControlMessage.of("/zoomorph/latent/0", 0.5f), ControlMessage.of("/zoomorph/latent/3", 0.5f));
    assertThat(osc.toControls(OscMessage.of("/zoomorph/zoom", new byte[] {1, 2}), refused::add)).isEmpty();
    assertThat(osc.stats()).isEqualTo(new OscControls.Stats(0, 0, 1));
    assertThat(refused).containsExactly("/zoomorph/zoom: argument 0 cannot control the show (type tags ,b; numbers, "
        + "strings and T/F can)");
  }

  @Test
  void patternsFollowTheAddressesThereAreNow() {
    List<String> now = new ArrayList<>(List.of("/zoomorph/latent/0"));
    OscControls live = new OscControls(() -> now);
    assertThat(live.toControls(OscMessage.of("/zoomorph/latent/*", 1f), problem -> { })).hasSize(1);
    now.add("/zoomorph/latent/1"); // a preset with a larger latent
    assertThat(live.toControls(OscMessage.of("/zoomorph/latent/*", 1f), problem -> { })).hasSize(2);
  }
}
