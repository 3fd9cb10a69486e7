package dev.zoomorph.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class JsonProblemTest {
  private static final ObjectMapper JSON = StrictJson.strict(JsonMapper.builder()).build();
  private static final ObjectMapper YAML = StrictJson.strict(YAMLMapper.builder()).build();

  enum Mode {
    @JsonProperty("fast") FAST,
    @JsonProperty("slow") SLOW
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({@JsonSubTypes.Type(value = Shape.Circle.class, name = "circle"),
      @JsonSubTypes.Type(value = Shape.Square.class, name = "square")})
  sealed interface Shape {
    record Circle(double radius) implements Shape {}

    record Square(double side) implements Shape {}
  }

  record Entry(@Required String preset, @Required double seconds, @Nullable Integer repeat, @Nullable Mode mode,
      @Nullable Map<String, Double> weights) {
    Entry {
      if (seconds < 0) {
        throw new IllegalArgumentException("seconds must not be negative, was " + seconds);
      }
    }
  }

  record Show(@Nullable List<Entry> entries, @Nullable Shape shape, boolean loop) {}

  /** A factory's parameters, where {@link Required} goes with the name. */
  record Made(String name, int count) {
    @JsonCreator
    static Made of(@Required @JsonProperty("name") String name, @JsonProperty("count") int count) {
      return new Made(name, count);
    }
  }

  private static String problem(ObjectMapper mapper, String text, Class<?> type) {
    JacksonException e = catchThrowableOfType(JacksonException.class, () -> mapper.readValue(text, type));
    assertThat(e).as("reading %s", text).isNotNull();
    return JsonProblem.of(e).toString();
  }

  private static String json(String text) {
    return problem(JSON, text, Show.class);
  }

  @Test
  void wrongTypesNameTheFieldWhatBelongsThereAndWhatWasThere() {
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": \"abc\"}], \"loop\": true}"))
        .isEqualTo("entries[0].seconds: must be a number, was \"abc\"");
    assertThat(json("{\"entries\": {}, \"loop\": true}")).isEqualTo("entries: must be a list, was an object");
    assertThat(json("[1, 2]")).isEqualTo("must be an object, was a list");
    assertThat(json("{\"entries\": [{\"preset\": [1], \"seconds\": 1}], \"loop\": true}"))
        .isEqualTo("entries[0].preset: must be a string, was a list");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": 1, \"repeat\": 1.5}], \"loop\": true}"))
        .isEqualTo("entries[0].repeat: must be a whole number, was 1.5");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": true}], \"loop\": true}"))
        .isEqualTo("entries[0].seconds: must be a number, was true");
    assertThat(json("{\"loop\": 3}")).isEqualTo("loop: must be true or false, was 3");
    // Jackson would make text of a number or a boolean: a preset named 5 is a mistake in the request.
    assertThat(json("{\"entries\": [{\"preset\": 5, \"seconds\": 1}], \"loop\": true}"))
        .isEqualTo("entries[0].preset: must be a string, was 5");
    assertThat(json("{\"entries\": [{\"preset\": 2.5, \"seconds\": 1}], \"loop\": true}"))
        .isEqualTo("entries[0].preset: must be a string, was 2.5");
    assertThat(json("{\"entries\": [{\"preset\": false, \"seconds\": 1}], \"loop\": true}"))
        .isEqualTo("entries[0].preset: must be a string, was false");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": 1, \"mode\": \"FAST\"}], \"loop\": true}"))
        .isEqualTo("entries[0].mode: must be one of \"fast\", \"slow\", was \"FAST\"");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": 1, \"repeat\": 99999999999}], \"loop\": true}"))
        .isEqualTo("entries[0].repeat: must be a whole number from -2147483648 to 2147483647, was out of range");
  }

  @Test
  void aDocumentBeyondTheParsersLimitsSaysWhichWithoutItsConfigurationNames() {
    assertThat(problem(JSON, "{\"args\": [" + "[".repeat(1000) + "]".repeat(1000) + "]}", Object.class))
        .isEqualTo("Document nesting depth (1001) exceeds the maximum allowed (1000)");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": " + "1".repeat(5000) + "}]}"))
        .doesNotContain("StreamReadConstraints").contains("exceeds the maximum");
  }

  @Test
  void missingAndNullAreToldApart() {
    assertThat(json("{\"entries\": [{\"seconds\": 1}], \"loop\": true}"))
        .isEqualTo("entries[0].preset: must be a string, was missing");
    assertThat(json("{\"entries\": [{\"preset\": null, \"seconds\": 1}], \"loop\": true}"))
        .isEqualTo("entries[0].preset: must be a string, was null");
    assertThat(json("{\"entries\": [{\"preset\": \"a\"}], \"loop\": true}"))
        .isEqualTo("entries[0].seconds: must be a number, was missing");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": null}], \"loop\": true}"))
        .isEqualTo("entries[0].seconds: must be a number, was null");
    assertThat(json("{}")).isEqualTo("loop: must be true or false, was missing");
    assertThat(json("{\"entries\": [null], \"loop\": true}")).isEqualTo("entries[0]: null is not allowed");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": 1, \"weights\": {\"x\": null}}], \"loop\": 1}"))
        .isEqualTo("entries[0].weights.x: must be a number, was null");
    assertThat(problem(JSON, "{\"count\": 1}", Made.class)).isEqualTo("name: must be a string, was missing");
    assertThat(problem(JSON, "{\"name\": null}", Made.class)).isEqualTo("name: must be a string, was null");
  }

  @Test
  void unknownFieldsKindsAndRefusedValues() {
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": 1, \"secs\": 2}], \"loop\": true}"))
        .isEqualTo("entries[0]: unknown field 'secs'; known: mode, preset, repeat, seconds, weights");
    assertThat(json("{\"shape\": {\"kind\": \"triangle\"}, \"loop\": true}"))
        .isEqualTo("shape.kind: must be one of \"circle\", \"square\", was \"triangle\"");
    assertThat(json("{\"shape\": {\"radius\": 1}, \"loop\": true}"))
        .isEqualTo("shape.kind: must be one of \"circle\", \"square\", was missing");
    assertThat(json("{\"entries\": [{\"preset\": \"a\", \"seconds\": -1}], \"loop\": true}"))
        .isEqualTo("entries[0]: seconds must not be negative, was -1.0");
  }

  @Test
  void notJsonAtAllIsASyntaxProblemWithItsPlace() {
    JacksonException e = catchThrowableOfType(JacksonException.class,
        () -> JSON.readValue("{\"loop\": true,\n \"entries\": [}", Show.class));
    JsonProblem problem = JsonProblem.of(e);
    assertThat(problem.syntax()).isTrue();
    assertThat(problem.location()).isNotNull();
    assertThat(problem.location().getLineNr()).isEqualTo(2);
    assertThat(json("{\"loop\": true, \"loop\": false}")).contains("Duplicate field 'loop'");
    assertThat(json("{\"loop\": true} {\"loop\": false}")).isEqualTo("more follows the end of the document");
  }

  private static JsonProblem syntax(String text) {
    JacksonException e = catchThrowableOfType(JacksonException.class, () -> JSON.readValue(text, Show.class));
    assertThat(e).as("reading %s", text).isNotNull();
    JsonProblem problem = JsonProblem.of(e);
    assertThat(problem.syntax()).as("reading %s", text).isTrue();
    return problem;
  }

  @Test
  void numbersJsonDoesNotHaveAreNamedNotTheParserFeatureThatWouldAllowThem() {
    JsonProblem nan = syntax("{\"address\":\"/zoomorph/zoom\",\"args\":[NaN]}");
    // Where the reader stopped: just after the token.
    assertThat(nan.notValid("JSON")).isEqualTo("not valid JSON: NaN is not a number JSON allows at line 1, column 40");
    assertThat(syntax("{\"weights\": {\"a\": Infinity}}").message()).isEqualTo("Infinity is not a number JSON allows");
    assertThat(syntax("{\"weights\": {\"a\": -Infinity}}").message())
        .isEqualTo("-Infinity is not a number JSON allows");
  }

  @Test
  void aTextCutShortSaysWhereTheValueLeftOpenStarted() {
    assertThat(syntax("{\"loop\": true").message())
        .isEqualTo("the object started at line 1, column 1 is not closed: the text ends");
    assertThat(syntax("{\"loop\": true,").message())
        .isEqualTo("the object started at line 1, column 1 is not closed: the text ends");
    assertThat(syntax("{\"loop\": true,\n \"entries\": [{\"preset\": \"a\"").message())
        .isEqualTo("the object started at line 2, column 14 is not closed: the text ends");
    assertThat(syntax("{\"loop\": true,\n \"entries\": [").message())
        .isEqualTo("the list started at line 2, column 13 is not closed: the text ends");
    assertThat(syntax("{\"loop\": true,\n \"entries\": [{\"preset\": \"dun").message())
        .isEqualTo("a string in the object started at line 2, column 14 is not closed: the text ends");
    assertThat(syntax("{\"loop\": true, \"entr").message())
        .isEqualTo("a field name in the object started at line 1, column 1 is not closed: the text ends");
    JsonProblem cut = syntax("{\n  \"loop\": true\n");
    assertThat(cut.notValid("JSON")).isEqualTo("not valid JSON: the object started at line 1, column 1 is not closed:"
        + " the text ends at line " + cut.location().getLineNr() + ", column " + cut.location().getColumnNr());
  }

  @Test
  void noSyntaxMessageNamesTheParsersConfigurationOrRedactedSource() {
    String document = "{\"entries\": [{\"preset\": \"a\", \"seconds\": 1.5, \"mode\": \"fast\","
        + " \"weights\": {\"x\": -2e3}}, {\"preset\": \"b\", \"seconds\": 0}],\n \"shape\": {\"kind\": \"circle\","
        + " \"radius\": 2}, \"loop\": false}";
    List<String> wrong = List.of(document.substring(0, 40) + "+1" + document.substring(40), "{\"loop\": tru}",
        "{\"loop\": true]", "[1, 2}", "{'loop': true}", "{\"loop\": true /* no */}", "{\"loop\": 01}",
        "{\"loop\": \"a\u0001b\"}", "{\"loop\": .5}", "{loop: true}");
    List<String> cut = java.util.stream.IntStream.range(1, document.length())
        .mapToObj(n -> document.substring(0, n)).toList();
    for (String text : java.util.stream.Stream.concat(wrong.stream(), cut.stream()).toList()) {
      JacksonException e = catchThrowableOfType(JacksonException.class, () -> JSON.readValue(text, Show.class));
      assertThat(e).as("reading %s", text).isNotNull();
      JsonProblem problem = JsonProblem.of(e);
      assertThat(problem.message()).as("reading %s", text)
          .doesNotContain("Source", "REDACTED", "Feature", "`", "code", "java.", "Jackson");
      // Cut inside true, false or 1.5, the reader sees a wrong word or number rather than the end.
      char last = text.charAt(text.length() - 1);
      if (cut.contains(text) && problem.syntax() && !Character.isLetter(last) && last != '.') {
        assertThat(problem.message()).as("reading %s", text).endsWith("is not closed: the text ends");
      }
    }
  }

  @Test
  void yamlReadsTheSameWay() {
    assertThat(problem(YAML, "entries:\n  - {preset: a, seconds: abc}\nloop: true\n", Show.class))
        .isEqualTo("entries[0].seconds: must be a number, was \"abc\"");
    assertThat(problem(YAML, "entries:\n  - {seconds: 1}\nloop: true\n", Show.class))
        .isEqualTo("entries[0].preset: must be a string, was missing");
    JacksonException e = catchThrowableOfType(JacksonException.class,
        () -> YAML.readValue("loop: true\nentries: 'unclosed\n", Show.class));
    JsonProblem problem = JsonProblem.of(e);
    assertThat(problem.syntax()).isTrue();
    assertThat(problem.message()).doesNotContain("\n").contains("quoted scalar");
    assertThat(problem.location()).isNotNull();
  }
}
