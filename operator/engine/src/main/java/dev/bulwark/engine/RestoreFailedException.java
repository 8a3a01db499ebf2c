package dev.bulwark.engine;

import java.util.List;

/**
 * A restore ran but some files could not be restored correctly (corrupt or missing data, or a
 * destination error such as a full disk). No file with wrong bytes was left under its name: each
 * failed file's temporary file was removed. Files not listed were restored and verified.
 */
public class RestoreFailedException extends EngineException {
  private static final int SHOWN = 20;
  private final List<FileFailure> failures;

  /** One file that was not restored, and why. */
  public record FileFailure(String path, String reason) {}

  public RestoreFailedException(String snapshot, List<FileFailure> failures, Throwable cause) {
    super("snapshot " + snapshot, format(failures), cause);
    this.failures = List.copyOf(failures);
  }

  public List<FileFailure> failures() {
    return failures;
  }

  private static String format(List<FileFailure> failures) {
    StringBuilder s =
        new StringBuilder("restore failed for ").append(failures.size()).append(" entries");
    for (int i = 0; i < Math.min(SHOWN, failures.size()); i++) {
      FileFailure f = failures.get(i);
      s.append("\n  - ").append(f.path()).append(": ").append(f.reason());
    }
    if (failures.size() > SHOWN) {
      s.append("\n  ... and ").append(failures.size() - SHOWN).append(" more");
    }
    return s.toString();
  }
}
