package dev.bulwark.core.migration;

import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateFileException;
import dev.bulwark.core.gate.ReleaseGate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The release gate as a migration sees it: the runtime's {@code <state>/gate.json}, evaluated
 * again at the current time from the facts it carries (as {@code bulwark gate check} does), so a
 * file written days ago cannot open the gate for a migration now. No file blocks: a migration
 * needs proof that backups restore.
 */
public final class ReleaseGateCheck implements MigrationGate {
  private final GateFile file;
  private final Clock clock;

  /** The gate of the state directory {@code state}, evaluated with {@code clock}. */
  public ReleaseGateCheck(Path state, Clock clock) {
    this.file = GateFile.in(state);
    this.clock = clock;
  }

  @Override
  public Optional<String> blockedReason() {
    Optional<GateDecision> written;
    try {
      written = file.read();
    } catch (GateFileException e) {
      return Optional.of("the release gate cannot be read: " + e.getMessage());
    }
    if (written.isEmpty()) {
      return Optional.of("no gate evaluated yet (" + file.path() + " does not exist; start `bulwark run`"
          + " or run `bulwark gate check`)");
    }
    GateDecision now = ReleaseGate.evaluate(written.get().inputs(), written.get().settings(), clock.instant());
    return now.open() ? Optional.empty() : Optional.of("the release gate is closed: " + String.join("; ", now.reasons()));
  }
}
