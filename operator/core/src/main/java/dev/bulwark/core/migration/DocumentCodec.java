package dev.bulwark.core.migration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.api.migration.DocumentFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes migrated objects. Reading is strict (a duplicate key is an error rather than a
 * silently dropped value) and keeps numbers exact; JSON is written with two-space indentation and a
 * final newline, non-ASCII text as UTF-8 (not escaped), keys in their original order. YAML comments
 * do not survive a rewrite.
 */
final class DocumentCodec {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          // numbers stay exact: 1.50 is not rewritten as 1.5
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .build())
          // numbers stay exact: 1.50 is not rewritten as 1.5
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"));

  private DocumentCodec() {}

  /** The object encoded in {@code bytes}; its root must be a mapping. */
  static ObjectNode read(DocumentFormat format, byte[] bytes) throws ObjectMigrationException {
    JsonNode node;
    try {
      node = mapper(format).readTree(bytes);
    } catch (IOException e) {
      throw new ObjectMigrationException(
          "not valid " + name(format) + ": " + firstLine(e.getMessage()));
    }
    if (node == null || node.isMissingNode()) {
      throw new ObjectMigrationException("empty document; expected a " + name(format) + " object");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ObjectMigrationException(
          "the document is a "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", not an object; only objects carry a version field");
    }
    return object;
  }

  /** The bytes of {@code document} in {@code format}. */
  static byte[] write(DocumentFormat format, JsonNode document) throws ObjectMigrationException {
    try {
      if (format == DocumentFormat.YAML) {
        return YAML.writeValueAsBytes(document);
      }
      String text = JSON.writer(PRETTY).writeValueAsString(document);
      return (text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ObjectMigrationException(
          "cannot encode the migrated document: " + e.getMessage(), e);
    }
  }

  private static ObjectMapper mapper(DocumentFormat format) {
    return format == DocumentFormat.YAML ? YAML : JSON;
  }

  private static String name(DocumentFormat format) {
    return format == DocumentFormat.YAML ? "YAML" : "JSON";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
