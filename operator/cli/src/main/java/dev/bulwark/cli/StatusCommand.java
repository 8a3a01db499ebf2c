package dev.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.api.replay.ReplayPlanStatus;
import dev.bulwark.cli.http.HumanTime;
import dev.bulwark.cli.http.PolicyFigures;
import dev.bulwark.compose.status.UnattributedFiles;
import dev.bulwark.core.Environment;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.Health;
import dev.bulwark.core.overview.ResourceHealth;
import dev.bulwark.core.overview.ResourceView;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bulwark status}: every resource compose mode serves with its health (from its conditions,
 * as the status page judges it), what happened last and what comes next, then the release gate. It
 * reads the status files and gate.json, and warns when they are older than a live runtime leaves
 * them.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show every policy, drill and plan with its health, then the release gate.",
      "Reads the status files and gate.json that `bulwark run` keeps current under --state, and warns",
      "when they are older than a running `bulwark run` would leave them.",
      "Exit 0 when nothing needs attention, 1 when a resource is failing, invalid or has a warning,",
      "2 when there is no state directory."
    })
final class StatusCommand implements Callable<Integer> {
  /**
   * A live runtime rewrites gate.json at least every minute and each served resource's status at
   * least every history poll (30 s); older than this, the runtime has stopped.
   */
  static final Duration STALE_AFTER = Duration.ofMinutes(2);

  @Mixin StateOptions options;

  @Option(
      names = "--json",
      description = "Print the resources, their health and the gate as one JSON document.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(options.state())) {
      System.err.println(
          "bulwark status: no state directory "
              + options.state()
              + " (start `bulwark run` first, or pass --state / BULWARK_STATE)");
      return 2;
    }
    Instant now = Instant.now();
    StatusFileResources served = new StatusFileResources(options.state(), Environment.system());
    List<ResourceView> resources = served.resources();
    List<GateView> gates = served.gates(now);
    List<UnattributedFiles.Entry> unattributed = served.unattributedFiles();
    Optional<Instant> written = newestWrite(resources, served.gateFile());
    boolean stale =
        written.map(at -> Duration.between(at, now).compareTo(STALE_AFTER) > 0).orElse(false);
    if (json) {
      System.out.println(CliJson.write(document(resources, unattributed, gates, written, stale)));
    } else {
      print(resources, unattributed, gates, now, System.out);
    }
    if (stale) {
      System.err.println(
          "warning: this status was last written "
              + HumanTime.relative(written.get(), now)
              + " ("
              + written.get()
              + "): is `bulwark run` still serving "
              + options.state()
              + "?");
    }
    boolean attention =
        resources.stream().anyMatch(r -> ResourceHealth.of(r).health().needsAttention());
    return attention || !unattributed.isEmpty() ? 1 : 0;
  }

  /** When the runtime last wrote anything: a status file or the gate. */
  private static Optional<Instant> newestWrite(
      List<ResourceView> resources, Optional<GateDecision> gate) {
    Instant newest = gate.map(GateDecision::evaluatedAt).orElse(null);
    for (ResourceView resource : resources) {
      if (resource.updatedAt() != null
          && (newest == null || resource.updatedAt().isAfter(newest))) {
        newest = resource.updatedAt();
      }
    }
    return Optional.ofNullable(newest);
  }

  private static void print(
      List<ResourceView> resources,
      List<UnattributedFiles.Entry> unattributed,
      List<GateView> gates,
      Instant now,
      PrintStream out) {
    List<ResourceView> shown = resources.stream().filter(r -> !r.deleted()).toList();
    policyFiles(unattributed, out);
    policies(select(shown, ResourceView.BACKUP_POLICY), now, out);
    drills(select(shown, ResourceView.RESTORE_DRILL), now, out);
    migrations(select(shown, ResourceView.MIGRATION_PLAN), now, out);
    replays(select(shown, ResourceView.REPLAY_PLAN), now, out);
    if (shown.isEmpty() && unattributed.isEmpty()) {
      out.println("No resources yet: `bulwark run` writes a status file for each one it serves.");
      out.println();
    }
    gate(gates, now, out);
  }

  private static void policies(List<ResourceView> policies, Instant now, PrintStream out) {
    if (policies.isEmpty()) {
      return;
    }
    boolean rates =
        policies.stream()
            .anyMatch(p -> PolicyFigures.incrementalSuccess24h(p.status()).isPresent());
    List<String> header =
        new ArrayList<>(List.of("POLICY", "HEALTH", "TARGET", "LAST BACKUP", "AGE", "FAILED"));
    if (rates) {
      header.add("INCREMENTALS 24H");
    }
    header.add("NEXT");
    TextTable table = new TextTable(header);
    for (ResourceView policy : policies) {
      BackupPolicyStatus status = policy.status() instanceof BackupPolicyStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(policy);
      List<String> row =
          new ArrayList<>(
              List.of(
                  policy.name(),
                  health.health().label(),
                  orDash(status == null ? null : status.getResolvedTarget()),
                  PolicyFigures.lastBackup(status).orElse("none yet"),
                  PolicyFigures.lastBackupAt(status)
                      .map(at -> HumanTime.duration(Duration.between(at, now).getSeconds()))
                      .orElse("-"),
                  status == null || status.getConsecutiveFailures() == null
                      ? "-"
                      : status.getConsecutiveFailures().toString()));
      if (rates) {
        row.add(PolicyFigures.incrementalSuccess24h(status).orElse("-"));
      }
      row.add(next(status, now));
      table.row(row, detail(health));
    }
    table.print(out);
    out.println();
  }

  private static String next(BackupPolicyStatus status, Instant now) {
    if (status == null) {
      return "-";
    }
    List<String> next = new ArrayList<>();
    HumanTime.parse(status.getNextIncremental())
        .ifPresent(at -> next.add("incremental " + HumanTime.relative(at, now)));
    HumanTime.parse(status.getNextFull())
        .ifPresent(at -> next.add("full " + HumanTime.relative(at, now)));
    return next.isEmpty() ? "-" : String.join(", ", next);
  }

  /**
   * Files that name no resource: no status file, but each blocks the gate until fixed or removed.
   */
  private static void policyFiles(List<UnattributedFiles.Entry> files, PrintStream out) {
    if (files.isEmpty()) {
      return;
    }
    TextTable table = new TextTable(List.of("POLICY FILE", "HEALTH", "REASON"));
    for (UnattributedFiles.Entry file : files) {
      table.row(
          List.of(file.file(), "invalid", file.reason()), Optional.ofNullable(file.message()));
    }
    table.print(out);
    out.println();
  }

  private static void drills(List<ResourceView> drills, Instant now, PrintStream out) {
    if (drills.isEmpty()) {
      return;
    }
    TextTable table =
        new TextTable(
            List.of(
                "DRILL",
                "HEALTH",
                "POLICY",
                "LEVEL",
                "LAST RUN",
                "RPO / OBJECTIVE",
                "RTO / OBJECTIVE",
                "NEXT"));
    for (ResourceView drill : drills) {
      RestoreDrillStatus status = drill.status() instanceof RestoreDrillStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(drill);
      Optional<DrillRun> last = PolicyFigures.lastRun(status);
      Long rpo = status == null ? null : status.getRpoObjectiveSeconds();
      Long rto = status == null ? null : status.getRtoObjectiveSeconds();
      table.row(
          List.of(
              drill.name(),
              health.health().label(),
              orDash(drill.policyRef()),
              orDash(drill.level()),
              last.map(
                      r ->
                          (Boolean.TRUE.equals(r.getSucceeded()) ? "succeeded " : "failed ")
                              + HumanTime.parse(r.getFinishedAt())
                                  .map(at -> HumanTime.relative(at, now))
                                  .orElse(""))
                  .orElse("never"),
              PolicyFigures.against(last.map(DrillRun::getActualRpoSeconds).orElse(null), rpo),
              PolicyFigures.against(last.map(DrillRun::getActualRtoSeconds).orElse(null), rto),
              orDash(
                  HumanTime.parse(status == null ? null : status.getNextRun())
                      .map(at -> HumanTime.relative(at, now))
                      .orElse(null))),
          detail(health));
    }
    table.print(out);
    out.println();
  }

  private static void migrations(List<ResourceView> plans, Instant now, PrintStream out) {
    if (plans.isEmpty()) {
      return;
    }
    TextTable table =
        new TextTable(
            List.of("MIGRATION", "HEALTH", "PHASE", "MIGRATED", "SKIPPED", "FAILED", "FINISHED"));
    for (ResourceView plan : plans) {
      MigrationPlanStatus status = plan.status() instanceof MigrationPlanStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(plan);
      table.row(
          List.of(
              plan.name(),
              health.health().label(),
              status == null || status.getPhase() == null
                  ? "-"
                  : dev.bulwark.api.common.WireNames.of(status.getPhase()),
              number(status == null ? null : status.getMigrated()),
              number(status == null ? null : status.getSkipped()),
              number(status == null ? null : status.getFailed()),
              finished(status == null ? null : status.getFinishedAt(), now)),
          detail(health));
    }
    table.print(out);
    out.println();
  }

  private static void replays(List<ResourceView> plans, Instant now, PrintStream out) {
    if (plans.isEmpty()) {
      return;
    }
    TextTable table =
        new TextTable(List.of("REPLAY", "HEALTH", "PHASE", "MODE", "DONE", "FAILED", "FINISHED"));
    for (ResourceView plan : plans) {
      ReplayPlanStatus status = plan.status() instanceof ReplayPlanStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(plan);
      table.row(
          List.of(
              plan.name(),
              health.health().label(),
              status == null || status.getPhase() == null
                  ? "-"
                  : dev.bulwark.api.common.WireNames.of(status.getPhase()),
              orDash(status == null ? null : status.getMode()),
              number(status == null ? null : status.getDone()),
              number(status == null ? null : status.getFailed()),
              finished(status == null ? null : status.getFinishedAt(), now)),
          detail(health));
    }
    table.print(out);
    out.println();
  }

  private static void gate(List<GateView> gates, Instant now, PrintStream out) {
    if (gates.isEmpty()) {
      out.println("GATE   unknown: no gate.json yet (`bulwark run` writes it)");
      return;
    }
    for (GateView gate : gates) {
      GateDecision decision = gate.decision();
      out.println("GATE   " + (decision.open() ? "open" : "blocked"));
      decision.reasons().forEach(reason -> out.println("  - " + reason));
    }
  }

  private static Optional<String> detail(ResourceHealth health) {
    return health.health() == Health.HEALTHY || health.reason().isBlank()
        ? Optional.empty()
        : Optional.of(health.reason());
  }

  private static String finished(String at, Instant now) {
    return HumanTime.parse(at).map(t -> HumanTime.relative(t, now)).orElse("-");
  }

  private static String number(Integer value) {
    return value == null ? "-" : value.toString();
  }

  private static String orDash(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }

  private static List<ResourceView> select(List<ResourceView> resources, String kind) {
    return resources.stream().filter(r -> r.is(kind)).toList();
  }

  private static ObjectNode document(
      List<ResourceView> resources,
      List<UnattributedFiles.Entry> unattributed,
      List<GateView> gates,
      Optional<Instant> written,
      boolean stale)
      throws Exception {
    ObjectNode document = CliJson.MAPPER.createObjectNode();
    ArrayNode list = document.putArray("resources");
    for (ResourceView resource : resources) {
      ResourceHealth health = ResourceHealth.of(resource);
      ObjectNode node = list.addObject();
      node.put("kind", resource.kind());
      node.put("name", resource.name());
      node.put("generation", resource.generation());
      node.put("deleted", resource.deleted());
      node.put("health", health.health().label());
      node.put("health_reason", health.reason());
      if (resource.policyRef() != null) {
        node.put("policy_ref", resource.policyRef());
      }
      if (resource.level() != null) {
        node.put("level", resource.level());
      }
      if (resource.updatedAt() != null) {
        node.put("updated_at", resource.updatedAt().toString());
      }
      node.set(
          "status", resource.status() == null ? null : CliJson.kubernetesObject(resource.status()));
    }
    ArrayNode files = document.putArray("policy_files");
    for (UnattributedFiles.Entry file : unattributed) {
      ObjectNode node = files.addObject();
      node.put("file", file.file());
      node.put("health", "invalid");
      node.put("reason", file.reason());
      node.put("message", file.message());
    }
    JsonNode gate =
        gates.isEmpty() ? null : CliJson.MAPPER.readTree(GateFile.toJson(gates.get(0).decision()));
    document.set("gate", gate);
    document.put("written_at", written.map(Instant::toString).orElse(null));
    document.put("stale", stale);
    return document;
  }
}
