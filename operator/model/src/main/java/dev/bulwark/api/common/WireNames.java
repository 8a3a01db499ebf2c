package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/** Maps enum constants to and from the names they carry in YAML and JSON ({@link JsonProperty}). */
public final class WireNames {
  private WireNames() {}

  /** The YAML/JSON name of a constant: its {@code @JsonProperty} value, else its Java name. */
  public static String of(Enum<?> constant) {
    try {
      JsonProperty property =
          constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
      return property == null ? constant.name() : property.value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("enum constant without a field: " + constant, e);
    }
  }

  /** The constant whose YAML/JSON name is {@code wireName}, if any. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String wireName) {
    return Arrays.stream(type.getEnumConstants()).filter(c -> of(c).equals(wireName)).findFirst();
  }

  /** All YAML/JSON names of an enum, for error messages. */
  public static <E extends Enum<E>> String allOf(Class<E> type) {
    return String.join(", ", Arrays.stream(type.getEnumConstants()).map(WireNames::of).toList());
  }
}
