package dev.bulwark.core.gate;

import java.util.Objects;

/**
 * A file in the policies directory that cannot be tied to any resource (it does not parse, names no
 * Bulwark kind, or has no valid name): it may be the BackupPolicy or RestoreDrill that should
 * block, so the gate counts it against every policy until it is fixed or removed (R17).
 *
 * @param file its path relative to the policies directory
 * @param problem why it cannot be served, with the line, e.g. {@code 1: yaml: cannot be read: ...}
 */
public record UnattributedFile(String file, String problem) {

  public UnattributedFile {
    Objects.requireNonNull(file, "file");
    problem = problem == null ? "" : problem;
  }
}
