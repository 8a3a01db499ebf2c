package dev.bulwark.engine.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The JSON codec for every repository object. */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          // Additive fields within one format version are allowed; breaking ones bump the version.
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
          .configure(SerializationFeature.INDENT_OUTPUT, false);

  private Json() {}

  /** The shared mapper (thread-safe once configured). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes a repository object. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads one top-level integer field by streaming until it is found (writers put {@code
   * format_version} first, so this reads a few bytes of a large manifest).
   */
  public static int topLevelInt(byte[] bytes, String field, String objectKey)
      throws FormatException {
    try (JsonParser p = MAPPER.getFactory().createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new FormatException(objectKey, "is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(field)) {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new FormatException(objectKey, field + " is not an integer");
          }
          return p.getIntValue();
        }
        p.skipChildren();
      }
      throw new FormatException(objectKey, "has no " + field + "; it is not a Bulwark document");
    } catch (IOException e) {
      throw new FormatException(objectKey, "is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Parses a repository object, naming the object key when it is malformed. */
  public static <T> T read(byte[] bytes, Class<T> type, String objectKey) throws FormatException {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new FormatException(
          objectKey,
          "is not a valid " + type.getSimpleName() + " JSON document: " + e.getMessage(),
          e);
    }
  }
}
