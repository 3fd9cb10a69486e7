package dev.zoomorph.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The one strict reading of what people write: presets, playlists and HTTP request bodies all go through a mapper
 * built by {@link #strict}, and their errors are described by {@link JsonProblem}.
 */
public final class StrictJson {
  private StrictJson() {}

  /**
   * {@code builder} set to refuse, rather than guess: unknown fields, a key given twice, content after the document,
   * a missing or null number or boolean, a null in a list or map, a fraction where a whole number belongs (which
   * Jackson would otherwise truncate), a number where true or false belongs, and a number or boolean where text
   * belongs (which Jackson would otherwise turn into text). Required fields are marked
   * {@link Required}.
   */
  public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B strict(B builder) {
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .withCoercionConfig(LogicalType.Boolean, booleans -> booleans.setCoercion(CoercionInputShape.Integer,
            CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Textual, strings -> strings
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }
}
