package dev.bulwark.compose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Deep copies through JSON, so a controller (which must not, but might) mutating what it was given
 * can never reach the runtime's own state.
 */
final class ResourceCopies {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .findAndAddModules()
          // An absent JsonNode field must stay absent, not come back as NullNode.
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ResourceCopies() {}

  /** A deep copy of {@code value} (null stays null). */
  @SuppressWarnings("unchecked")
  static <T> T copy(T value) {
    if (value == null) {
      return null;
    }
    try {
      return (T) MAPPER.readValue(MAPPER.writeValueAsBytes(value), value.getClass());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy a " + value.getClass().getSimpleName(), e);
    }
  }
}
