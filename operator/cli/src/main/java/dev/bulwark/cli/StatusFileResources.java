package dev.bulwark.cli;

import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.compose.status.StateLayout;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.compose.status.StatusFileStore;
import dev.bulwark.compose.status.UnattributedFiles;
import dev.bulwark.core.Environment;
import dev.bulwark.core.gate.DrillFacts;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateFileException;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.core.overview.ServedResources;
import dev.bulwark.manifests.ResourceKind;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compose mode's view of what it serves: the status files and gate.json under a state directory, as
 * {@code bulwark run} writes them (the process reading them may be that runtime, for its status
 * page and metrics, or {@code bulwark status} beside it). A drill's policy and level come from the
 * gate's evidence, which the runtime records from the drill's spec.
 */
final class StatusFileResources implements ServedResources {
  private static final Logger LOG = LoggerFactory.getLogger(StatusFileResources.class);
  private static final Comparator<ResourceView> ORDER =
      Comparator.comparing((ResourceView v) -> kindOrder(v.kind()))
          .thenComparing(ResourceView::name);

  private final StatusFileStore store;
  private final GateFile gateFile;
  private final Environment environment;

  StatusFileResources(Path stateDirectory, Environment environment) {
    this.store = new StatusFileStore(new StateLayout(stateDirectory));
    this.gateFile = GateFile.in(stateDirectory);
    this.environment = environment;
  }

  /**
   * Policy files no resource can be read from (they have no status file, yet block the gate); an
   * unreadable record of them counts as one such file.
   */
  List<UnattributedFiles.Entry> unattributedFiles() {
    try {
      return store.readUnattributed().map(UnattributedFiles::files).orElse(List.of());
    } catch (RuntimeException e) {
      return List.of(
          new UnattributedFiles.Entry(
              store.layout().unattributedFile().getFileName().toString(),
              "Unreadable",
              e.getMessage(),
              null,
              List.of()));
    }
  }

  @Override
  public List<ResourceView> resources() {
    Map<String, DrillFacts> drills = new HashMap<>();
    gateFile().ifPresent(gate -> gate.drills().forEach(d -> drills.put(d.name(), d.facts())));
    List<ResourceView> views = new ArrayList<>();
    for (StatusFile file : store.readAll()) {
      Optional<ResourceKind> kind = ResourceKind.of(file.kind());
      if (kind.isEmpty()) {
        continue;
      }
      ResourceStatus status;
      try {
        status = file.status() == null ? null : store.statusOf(file, kind.get().statusType());
      } catch (RuntimeException e) {
        LOG.warn("skipping the status of {}/{}: {}", file.kind(), file.name(), e.getMessage());
        continue;
      }
      DrillFacts drill =
          file.kind().equals(ResourceView.RESTORE_DRILL) ? drills.get(file.name()) : null;
      views.add(
          new ResourceView(
              file.kind(),
              null,
              file.name(),
              file.metadata().generation(),
              file.deleted(),
              drill == null ? null : drill.policyRef(),
              drill == null ? null : drill.level(),
              status,
              instant(file.updatedAt())));
    }
    views.sort(ORDER);
    return views;
  }

  @Override
  public List<GateView> gates(Instant now) {
    return gateFile()
        .map(
            written -> {
              try {
                return List.of(
                    new GateView(
                        null,
                        ReleaseGate.evaluate(
                            written.inputs(), written.settings().overriddenBy(environment), now)));
              } catch (
                  IllegalArgumentException e) { // a BULWARK_GATE_* variable that is not a duration
                LOG.warn("cannot evaluate the release gate: {}", e.getMessage());
                return List.<GateView>of();
              }
            })
        .orElse(List.of());
  }

  /** The gate as the runtime last wrote it, without evaluating it again. */
  Optional<GateDecision> gateFile() {
    try {
      return gateFile.read();
    } catch (GateFileException e) {
      LOG.warn("cannot read {}: {}", gateFile.path(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int kindOrder(String kind) {
    return switch (kind) {
      case ResourceView.BACKUP_POLICY -> 0;
      case ResourceView.RESTORE_DRILL -> 1;
      case ResourceView.MIGRATION_PLAN -> 2;
      default -> 3;
    };
  }
}
