package dev.bulwark.core.drills;

import dev.bulwark.core.audit.AuditLog;
import java.nio.file.Path;

/**
 * The append-only restore audit: one {@link RestoreAuditRecord} per line, written with the same
 * discipline as the audit trail (one write per line under an exclusive OS lock, never rewritten),
 * so the operator and {@code bulwark drill} can append side by side. A failure to write is logged,
 * never thrown: it must not turn the drill it describes into a failure.
 */
public final class RestoreAudit {
  private final AuditLog file;

  /** The restore audit in {@code file}, created with its folder on first append. */
  public RestoreAudit(Path file) {
    this.file = new AuditLog(file);
  }

  /** The file appended to. */
  public Path file() {
    return file.file();
  }

  /** Appends one line; false (logged) when it could not be written. */
  public boolean append(RestoreAuditRecord record) {
    return file.appendRecord(record, "restore audit of " + record.drill());
  }
}
