package dev.bulwark.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit trail (R24), one JSON object per line. Appends take an exclusive OS lock on
 * the file so lines from the operator and from CLI commands running beside it never interleave, and
 * each line is written with one {@code write} in append mode; nothing ever rewrites or truncates
 * it. A failure to write the audit is logged, never thrown: it must not fail the backup it
 * describes.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final Path file;

  /** An audit trail in {@code file} (created with its folder on first append). */
  public AuditLog(Path file) {
    this.file = file;
  }

  /** The file appended to. */
  public Path file() {
    return file;
  }

  /** Appends one event as a line; returns false (and logs why) when it could not be written. */
  public boolean append(AuditEvent event) {
    return appendRecord(event, event.event());
  }

  /**
   * Appends any record Jackson can write as one JSON line (e.g. the restore audit's records, which
   * share this file discipline); {@code what} names it in log messages.
   */
  public boolean appendRecord(Object record, String what) {
    byte[] line;
    try {
      line =
          (JSON.writeValueAsString(record) + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.error("cannot encode audit record {}: {}", what, e.getMessage());
      return false;
    }
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        // Held, never read: the try block below is what it guards.
        FileLock lock = channel.lock();
        try (lock) {
          ByteBuffer buffer = ByteBuffer.wrap(line);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot append to the audit trail {}: {}", file, e.getMessage());
      return false;
    }
  }
}
