package dev.zoomorph.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What was wrong with a JSON or YAML document, in the terms of the person who wrote it: where
 * ({@code entries[1].seconds}) and what ({@code must be a number, was "abc"}), never a Java type. Jackson's own
 * messages name classes ({@code Cannot deserialize value of type `java.util.ArrayList<...>`}) and say how to
 * configure Jackson; its exceptions carry what is needed to say it plainly, which this reads.
 *
 * @param field the path to the value at fault, {@code a.b[2].c}; empty for the document itself
 * @param message the problem, e.g. {@code must be a whole number, was 1.5}
 * @param syntax true when the text is not JSON (or YAML) at all, as opposed to JSON with a wrong value
 * @param location where in the text, when known
 */
public record JsonProblem(String field, String message, boolean syntax, @Nullable JsonLocation location) {

  /** Jackson's {@code Non-standard token 'NaN': enable `JsonReadFeature...` to allow}: NaN, Infinity, -Infinity. */
  private static final Pattern NOT_A_JSON_NUMBER = Pattern.compile("^Non-standard token '([^']*)'");
  /** Where a parser's message says where something started, as its configuration makes it print the source. */
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)]");
  /** Advice to configure the parser, which a person writing a file cannot take. */
  private static final Pattern ADVICE = Pattern.compile(
      "[:;]? ?(enable `[^`]*` to allow|\\(not recognized as one since Feature '[^']*' not enabled for parser\\))");
  /** Where a limit is configured ("(1000, from `StreamReadConstraints.getMaxNestingDepth()`)"): a programmer's word. */
  private static final Pattern LIMIT_SOURCE = Pattern.compile(", from `[^`]*`");
  /** Character codes, which say nothing the location does not. */
  private static final Pattern CODE = Pattern.compile(" \\(code (0x)?[0-9A-Fa-f]+\\)|\\(CTRL-CHAR, code \\d+\\)");

  /** Describes {@code e}, thrown while reading a document. */
  public static JsonProblem of(JacksonException e) {
    JsonLocation location = e.getLocation();
    if (e instanceof InputCoercionException range) {
      return new JsonProblem("", outOfRange(range), false, location);
    }
    if (e instanceof StreamReadException read) {
      return new JsonProblem("", syntax(read), true, location);
    }
    if (!(e instanceof JsonMappingException mapping)) {
      return new JsonProblem("", firstLine(e.getOriginalMessage()), false, location);
    }
    List<JsonMappingException.Reference> path = mapping.getPath();
    String field = path(path);
    // A number out of range, or a syntax error, met while reading a field arrives wrapped in the field's error.
    if (mapping.getCause() instanceof InputCoercionException range) {
      return new JsonProblem(field, outOfRange(range), false, location);
    }
    if (mapping.getCause() instanceof StreamReadException read) {
      return new JsonProblem(field, syntax(read), true, read.getLocation());
    }
    if (mapping.getCause() instanceof IllegalArgumentException refused) {
      // A constructor refusing a value: its message names the value.
      return new JsonProblem(field, String.valueOf(refused.getMessage()), false, location);
    }
    if (mapping instanceof UnrecognizedPropertyException unknown) {
      return new JsonProblem(path(path.subList(0, Math.max(0, path.size() - 1))),
          "unknown field '" + unknown.getPropertyName() + "'; known: " + unknown.getKnownPropertyIds().stream()
              .map(String::valueOf).sorted().collect(Collectors.joining(", ")), false, location);
    }
    if (mapping instanceof InvalidTypeIdException type) {
      return typeId(field, type, location);
    }
    if (mapping instanceof MismatchedInputException mismatch) {
      JsonParser parser = mismatch.getProcessor() instanceof JsonParser p ? p : null;
      JsonToken token = parser == null ? null : parser.currentToken();
      if (field.isEmpty() && parser != null && afterTheDocument(parser.getParsingContext())) {
        return new JsonProblem("", "more follows the end of the document", true, location);
      }
      // A null in a list: Jackson gives the outermost list's element type, wrong for a list in a list; not said.
      boolean inList = mismatch instanceof InvalidNullException && !path.isEmpty()
          && path.get(path.size() - 1).getFieldName() == null;
      String expected = inList ? null : expected(mismatch.getTargetType(), parser == null ? null : parser.getCodec());
      String found = mismatch instanceof InvalidFormatException format ? shown(format.getValue()) : found(token);
      if (expected == null) {
        String problem = token == JsonToken.VALUE_NULL ? "null is not allowed"
            : missing(token) ? "required, and missing" : firstLine(mismatch.getOriginalMessage());
        return new JsonProblem(field, problem, false, location);
      }
      return new JsonProblem(field, "must be " + expected + ", was " + found, false, location);
    }
    return new JsonProblem(field, firstLine(mapping.getOriginalMessage()), false, location);
  }

  /** Whether the reader stopped in a second value at the top, after the document's own. */
  private static boolean afterTheDocument(JsonStreamContext context) {
    JsonStreamContext root = context;
    while (!root.inRoot() && root.getParent() != null) {
      root = root.getParent();
    }
    return root.getCurrentIndex() > 0;
  }

  /** "line L, column C" where the reader stopped, or empty when that is not known. */
  public String position() {
    return location == null || location.getLineNr() < 1 ? ""
        : "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** " at line L, column C" where the reader stopped, or nothing when that is not known. */
  private String where() {
    return position().isEmpty() ? "" : " at " + position();
  }

  /** "not valid JSON: PARSER'S WORDS at line L, column C", for a {@link #syntax} problem in a {@code format} file. */
  public String notValid(String format) {
    return "not valid " + format + ": " + message + where();
  }

  /** {@code field: message}, or the message alone for the document itself. */
  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }

  /** "a.b[2].c" for Jackson's path. */
  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference step : references) {
      if (step.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** A {@code kind} that names no known variant, or is missing: the field is the kind itself. */
  private static JsonProblem typeId(String field, InvalidTypeIdException e, @Nullable JsonLocation location) {
    Class<?> base = e.getBaseType() == null ? Object.class : e.getBaseType().getRawClass();
    JsonTypeInfo info = base.getAnnotation(JsonTypeInfo.class);
    String property = info == null || info.property().isEmpty() ? "kind" : info.property();
    JsonSubTypes subTypes = base.getAnnotation(JsonSubTypes.class);
    String known = subTypes == null ? "" : " one of " + Arrays.stream(subTypes.value())
        .map(JsonSubTypes.Type::name).filter(name -> !name.isEmpty()).map(name -> '"' + name + '"')
        .collect(Collectors.joining(", "));
    String kind = field.isEmpty() ? property : field + "." + property;
    String found = e.getTypeId() == null ? "missing" : shown(e.getTypeId());
    return new JsonProblem(kind, "must be" + (known.isEmpty() ? " a known kind" : known) + ", was " + found, false,
        location);
  }

  private static String outOfRange(InputCoercionException e) {
    Class<?> type = e.getTargetType();
    if (type == int.class || type == Integer.class) {
      return "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", was out of range";
    }
    if (type == long.class || type == Long.class) {
      return "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", was out of range";
    }
    return "the number is out of range";
  }

  /** What a value of {@code type} looks like in JSON, or null when anything goes. */
  private static @Nullable String expected(@Nullable Class<?> type, @Nullable ObjectCodec codec) {
    if (type == null || type == Object.class || JsonNode.class.isAssignableFrom(type)) {
      return null;
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == int.class || type == long.class || type == short.class || type == byte.class
        || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
        || type == BigInteger.class) {
      return "a whole number";
    }
    if (type == double.class || type == float.class || type == Double.class || type == Float.class
        || type == BigDecimal.class || type == Number.class) {
      return "a number";
    }
    if (type == String.class || type == char.class || type == Character.class || CharSequence.class.isAssignableFrom(
        type)) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants())
          .map(constant -> '"' + enumName((Enum<?>) constant, codec) + '"').collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object"; // a map, a record or a class
  }

  /** The constant as the document writes it (its {@code @JsonProperty} name). */
  private static String enumName(Enum<?> constant, @Nullable ObjectCodec codec) {
    if (codec instanceof ObjectMapper mapper) {
      try {
        return Objects.toString(mapper.convertValue(constant, String.class));
      } catch (IllegalArgumentException e) {
        // An enum written as something other than a string: its Java name is the best there is.
      }
    }
    return constant.name();
  }

  /** Whether the reader stopped at the end of an object without meeting the field. */
  private static boolean missing(@Nullable JsonToken token) {
    return token == null || token == JsonToken.END_OBJECT || token == JsonToken.FIELD_NAME;
  }

  /** What the document had, from the token the reader stopped at. */
  private static String found(@Nullable JsonToken token) {
    if (missing(token)) {
      return "missing";
    }
    return switch (token) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "a whole number";
      case VALUE_NUMBER_FLOAT -> "a number with a fraction";
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> String.valueOf(token.asString());
    };
  }

  private static String shown(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof CharSequence text) {
      String s = text.toString();
      return '"' + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + '"';
    }
    return value.toString();
  }

  /** What makes the text not JSON (or YAML), in words. */
  private static String syntax(StreamReadException e) {
    if (e instanceof JsonEOFException eof) {
      return endsInside(eof.getProcessor(), eof.getTokenBeingDecoded());
    }
    // The end of the text between entries Jackson reports without its end-of-input type.
    if (String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
      return endsInside(e.getProcessor(), null);
    }
    return readable(plain(e.getOriginalMessage()));
  }

  /**
   * "the object started at line 1, column 1 is not closed: the text ends": where the open value began, which the
   * reader's context knows (Jackson's own message says it with its configuration's names); the location says where
   * the text ends.
   */
  private static String endsInside(@Nullable JsonParser parser, @Nullable JsonToken token) {
    String inside = token == JsonToken.VALUE_STRING ? "string" : token == JsonToken.FIELD_NAME ? "field name" : null;
    JsonStreamContext context = parser == null ? null : parser.getParsingContext();
    String container = null;
    if (context != null && !context.inRoot()) {
      JsonLocation start = context.startLocation(ContentReference.unknown());
      container = (context.inObject() ? "object" : "list")
          + (start.getLineNr() < 1 ? "" : " started at line " + start.getLineNr() + ", column " + start.getColumnNr());
    }
    String open = inside == null ? (container == null ? "document" : container)
        : container == null ? inside : inside + " in the " + container;
    return (inside != null && container != null ? "a " : "the ") + open + " is not closed: the text ends";
  }

  /**
   * Jackson's other syntax messages without what only a programmer configuring it could use: the feature to enable,
   * the redacted source, character codes. Jackson throws one exception type for all of them; its wording is what
   * tells them apart.
   */
  private static String plain(@Nullable String message) {
    String text = String.valueOf(message);
    Matcher number = NOT_A_JSON_NUMBER.matcher(text);
    if (number.find()) {
      return number.group(1) + " is not a number JSON allows";
    }
    text = SOURCE.matcher(text).replaceAll("line $1, column $2");
    text = ADVICE.matcher(text).replaceAll("");
    text = LIMIT_SOURCE.matcher(text).replaceAll("");
    return CODE.matcher(text).replaceAll(match -> match.group().startsWith("(CTRL") ? "a control character" : "");
  }

  /**
   * A parser's message on one line: SnakeYAML's spans lines, with the text quoted under a caret and "in 'reader',
   * line 3" (the location says where), around the lines that say what is wrong.
   */
  private static String readable(@Nullable String message) {
    return String.valueOf(message).lines()
        .filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.startsWith("\t"))
        .collect(Collectors.joining("; "));
  }

  private static String firstLine(@Nullable String message) {
    String text = LIMIT_SOURCE.matcher(String.valueOf(message)).replaceAll("");
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
