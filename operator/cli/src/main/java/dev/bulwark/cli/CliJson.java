package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulwark.core.json.SnakeCase;
import java.nio.file.Path;

/**
 * The {@code --json} output of every command: field names in snake_case (the one casing rule,
 * docs/status-files.md), times as RFC 3339 text, durations as ISO-8601 text, paths as plain paths,
 * one document per command on stdout. A Kubernetes object's status inside it keeps the Kubernetes
 * API's camelCase ({@link #kubernetesObject}).
 */
final class CliJson {
  static final ObjectMapper MAPPER = configured(SnakeCase.naming(JsonMapper.builder()));

  /** Kubernetes objects keep their own field names: no naming strategy. */
  private static final ObjectMapper KUBERNETES = configured(JsonMapper.builder());

  private CliJson() {}

  private static ObjectMapper configured(JsonMapper.Builder builder) {
    return builder
        .addModule(new JavaTimeModule())
        .addModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance))
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();
  }

  /** The JSON text of {@code value}. */
  static String write(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
    return MAPPER.writeValueAsString(value);
  }

  /** {@code value}, a Kubernetes object or a part of one, with the Kubernetes API's field names. */
  static JsonNode kubernetesObject(Object value) {
    return KUBERNETES.valueToTree(value);
  }
}
