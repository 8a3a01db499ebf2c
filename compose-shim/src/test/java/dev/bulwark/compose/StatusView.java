package dev.bulwark.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads status files the way CI would: as plain JSON, without the runtime's classes. */
record StatusView(JsonNode json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Optional<StatusView> read(Path file) {
    try {
      return Optional.of(new StatusView(JSON.readTree(Files.readAllBytes(file))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new AssertionError("status file " + file + " is not JSON (torn write?)", e);
    }
  }

  long generation() {
    return json.at("/metadata/generation").asLong();
  }

  boolean deleted() {
    return json.path("deleted").asBoolean();
  }

  JsonNode condition(String type) {
    for (JsonNode condition : json.at("/status/conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  String ready() {
    return condition("Ready").path("status").asText("");
  }

  String readyReason() {
    return condition("Ready").path("reason").asText("");
  }

  String readyMessage() {
    return condition("Ready").path("message").asText("");
  }
}
