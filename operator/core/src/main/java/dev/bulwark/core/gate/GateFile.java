package dev.bulwark.core.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulwark.core.json.SnakeCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The release gate's file, {@code <state>/gate.json} (compose mode) or {@code
 * <state>/gate-<namespace>.json} (Kubernetes): a {@link GateDecision} with a {@code
 * format_version}, the contract CI reads (docs/status-files.md, "Release gate"). Written atomically
 * (temporary file, fsync, rename), so a reader sees the previous decision or the new one, never
 * half of either. Fields are only added within a format version; a reader refuses a version it does
 * not know.
 */
public final class GateFile {
  /** The format this Bulwark writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final ObjectMapper JSON =
      SnakeCase.naming(JsonMapper.builder())
          .addModule(new JavaTimeModule())
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          // Fields are added within a format version: an older reader skips what it does not know.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Path file;

  /** The gate file at {@code file}. */
  public GateFile(Path file) {
    this.file = file;
  }

  /** {@code <state>/gate.json}, the gate of compose mode. */
  public static GateFile in(Path stateDir) {
    return new GateFile(stateDir.resolve("gate.json"));
  }

  /**
   * {@code <state>/gate-<namespace>.json}, the gate of one Kubernetes namespace.
   *
   * @throws IllegalArgumentException when {@code namespace} is not a namespace name
   */
  public static GateFile forNamespace(Path stateDir, String namespace) {
    if (namespace == null || namespace.length() > 63 || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("not a namespace name: " + namespace);
    }
    return new GateFile(stateDir.resolve("gate-" + namespace + ".json"));
  }

  /** Where the file is. */
  public Path path() {
    return file;
  }

  /**
   * The JSON document of {@code decision}, as written to the file and printed by {@code --json}.
   */
  public static String toJson(GateDecision decision) {
    try {
      return JSON.writeValueAsString(document(decision));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the gate decision", e);
    }
  }

  /**
   * The JSON document {@code bulwark gate check --json} prints: the decision, plus {@code verdict}
   * ({@code open}, {@code blocked} or {@code undecided}) and, when undecided, {@code
   * undecided_reason}.
   */
  public static String toJson(GateCheck check) {
    ObjectNode document = document(check.decision());
    document.put("verdict", check.verdict().name().toLowerCase(java.util.Locale.ROOT));
    if (check.undecidedReason() != null) {
      document.put("undecided_reason", check.undecidedReason());
    }
    try {
      return JSON.writeValueAsString(document);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the gate decision", e);
    }
  }

  /**
   * Replaces the file with {@code decision}.
   *
   * @throws UncheckedIOException when it cannot be written (the previous file stays)
   */
  public void write(GateDecision decision) {
    byte[] content = (toJson(decision) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      Files.createDirectories(dir);
      temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
        // Temporary files are private; CI and other users read the gate.
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // a leftover dot-file never replaces the gate; the next write tries again
        }
      }
    }
  }

  /**
   * The decision in the file; empty when there is no file.
   *
   * @throws GateFileException when it exists but cannot be read or parsed, or its format version is
   *     not {@value #FORMAT_VERSION}
   */
  public Optional<GateDecision> read() {
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new GateFileException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new GateFileException(file + " is not a gate file: expected a JSON object", null);
    }
    // Files written before the snake_case rule (camelCase keys) read the same.
    tree = SnakeCase.keysOf(tree);
    JsonNode version = tree.path("format_version");
    if (!version.isInt() || version.asInt() != FORMAT_VERSION) {
      throw new GateFileException(
          file
              + " has format_version "
              + (version.isMissingNode() ? "(none)" : version.toString())
              + "; this Bulwark reads format_version "
              + FORMAT_VERSION
              + ": use the Bulwark version that wrote it, or upgrade",
          null);
    }
    try {
      return Optional.of(JSON.treeToValue(tree, GateDecision.class));
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new GateFileException(file + " is not a readable gate file: " + e.getMessage(), e);
    }
  }

  private static ObjectNode document(GateDecision decision) {
    ObjectNode document = JSON.createObjectNode();
    document.put("format_version", FORMAT_VERSION);
    document.setAll((ObjectNode) JSON.valueToTree(decision));
    return document;
  }
}
