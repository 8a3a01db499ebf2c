package dev.bulwark.core.migration;

import dev.bulwark.core.StatePaths;
import dev.bulwark.core.gate.GateCheck;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateFileException;
import dev.bulwark.core.gate.RecordedFacts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The release gate as a migration sees it: the runtime's {@code <state>/gate.json}, brought up to
 * date with newer job and drill records and evaluated again at the current time (as {@code bulwark
 * gate check} does). No file, or a file no runtime kept current ({@link GateCheck}), blocks: a
 * migration needs proof that backups restore.
 */
public final class ReleaseGateCheck implements MigrationGate {
  private final GateFile file;
  private final Path state;
  private final Clock clock;

  /** The gate of the state directory {@code state}, evaluated with {@code clock}. */
  public ReleaseGateCheck(Path state, Clock clock) {
    this.file = GateFile.in(state);
    this.state = state;
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
      return Optional.of(
          "no gate evaluated yet ("
              + file.path()
              + " does not exist; start `bulwark run`"
              + " or run `bulwark gate check`)");
    }
    GateCheck check =
        GateCheck.of(
            written.get(),
            RecordedFacts.newer(written.get().inputs(), new StatePaths(state)),
            written.get().settings(),
            clock.instant(),
            GateCheck.DEFAULT_STALE_AFTER);
    return switch (check.verdict()) {
      case OPEN -> Optional.empty();
      case BLOCKED ->
          Optional.of(
              "the release gate is closed: " + String.join("; ", check.decision().reasons()));
      case UNDECIDED -> Optional.of("the release gate " + check.undecidedReason());
    };
  }
}
