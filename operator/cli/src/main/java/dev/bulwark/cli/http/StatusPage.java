package dev.bulwark.cli.http;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.drill.DrillRun;
import dev.bulwark.api.drill.RestoreDrillStatus;
import dev.bulwark.api.migration.MigrationPlanStatus;
import dev.bulwark.api.replay.PartitionStatus;
import dev.bulwark.api.replay.ReplayPlanStatus;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.Health;
import dev.bulwark.core.overview.ResourceHealth;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.core.overview.ServedResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The read-only status page served on {@code /}: the release gate with its reasons, then every
 * policy (target, last backup and its age, health, next runs), drill (last result, RPO and RTO
 * against the objectives, a trend of the last runs), migration plan and replay plan. Plain HTML
 * tables and inline SVG, rendered on the server; a meta refresh reloads it, so it needs no script.
 * Every text that comes from a status goes through {@link PageText}: no secret, no host path.
 */
public final class StatusPage {
  /** How often the browser reloads the page. */
  public static final Duration REFRESH = Duration.ofSeconds(15);

  /**
   * A gate older than this was not refreshed by a live runtime (compose rewrites it every minute).
   */
  static final Duration GATE_STALE = Duration.ofMinutes(3);

  private final ServedResources served;
  private final Clock clock;
  private final PageText text;
  private final String runtime;

  /**
   * A page over {@code served}.
   *
   * @param runtime the runtime's name as shown, {@code compose} or {@code kubernetes}
   * @param environment the process environment: values of secret variables never appear on the page
   */
  public StatusPage(
      ServedResources served, Clock clock, String runtime, Map<String, String> environment) {
    this.served = Objects.requireNonNull(served, "served");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.text = PageText.hiding(environment);
  }

  /** The page as it is now. */
  public String render() {
    Instant now = clock.instant();
    List<ResourceView> resources = served.resources().stream().filter(r -> !r.deleted()).toList();
    List<GateView> gates = served.gates(now);
    StringBuilder html = new StringBuilder(16 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(REFRESH.toSeconds())
        .append("\">")
        .append("<title>")
        .append(PageText.escape(title(resources, gates)))
        .append("</title>")
        .append("<style>")
        .append(STYLE)
        .append("</style></head>\n<body>\n");
    html.append("<header><h1>Bulwark</h1><p class=\"meta\">")
        .append(PageText.escape(runtime))
        .append(" runtime · as of ")
        .append(HumanTime.timestamp(now))
        .append(" · this page reloads every ")
        .append(REFRESH.toSeconds())
        .append(" s</p></header>\n");
    gate(html, gates, now);
    policies(html, select(resources, ResourceView.BACKUP_POLICY), now);
    drills(html, select(resources, ResourceView.RESTORE_DRILL), now);
    migrations(html, select(resources, ResourceView.MIGRATION_PLAN), now);
    replays(html, select(resources, ResourceView.REPLAY_PLAN), now);
    html.append("<footer>Read-only. Details: <code>bulwark status</code>, the status files, ")
        .append("<a href=\"/metrics\">/metrics</a> · <a href=\"/healthz\">/healthz</a> · ")
        .append("<a href=\"/readyz\">/readyz</a></footer>\n</body></html>\n");
    return html.toString();
  }

  private static String title(List<ResourceView> resources, List<GateView> gates) {
    String gate =
        gates.isEmpty()
            ? "gate unknown"
            : gates.stream().allMatch(g -> g.decision().open()) ? "gate open" : "gate blocked";
    long attention =
        resources.stream().filter(r -> ResourceHealth.of(r).health().needsAttention()).count();
    return "Bulwark · " + gate + (attention == 0 ? "" : " · " + attention + " need attention");
  }

  private void gate(StringBuilder html, List<GateView> gates, Instant now) {
    html.append("<section id=\"gate\"><h2>Release gate</h2>\n");
    if (gates.isEmpty()) {
      html.append(
              "<p class=\"gate unknown\"><span class=\"verdict\">unknown</span>: the runtime has not ")
          .append("evaluated the gate yet.</p>\n</section>\n");
      return;
    }
    for (GateView gate : gates) {
      GateDecision decision = gate.decision();
      String verdict = decision.open() ? "open" : "blocked";
      html.append("<div class=\"gate ")
          .append(verdict)
          .append("\"><p><span class=\"verdict\">")
          .append(verdict)
          .append("</span>")
          .append(
              gate.namespace() == null ? "" : " in namespace " + PageText.escape(gate.namespace()))
          .append(
              decision.open()
                  ? ": "
                      + decision.policies().size()
                      + " polic"
                      + (decision.policies().size() == 1 ? "y" : "ies")
                      + " backed up and proven by a drill."
                  : ": "
                      + decision.reasons().size()
                      + " reason"
                      + (decision.reasons().size() == 1 ? "" : "s")
                      + ".")
          .append("</p>");
      if (!decision.reasons().isEmpty()) {
        html.append("<ul class=\"reasons\">");
        decision.reasons().forEach(r -> html.append("<li>").append(text.html(r)).append("</li>"));
        html.append("</ul>");
      }
      Duration age = Duration.between(decision.evaluatedAt(), now);
      html.append("<p class=\"meta\">Evaluated ")
          .append(HumanTime.relative(decision.evaluatedAt(), now));
      if (age.compareTo(GATE_STALE) > 0) {
        html.append(" <strong class=\"stale\">(stale: is the runtime still running?)</strong>");
      }
      html.append(".</p></div>\n");
    }
    html.append("</section>\n");
  }

  private void policies(StringBuilder html, List<ResourceView> policies, Instant now) {
    html.append("<section id=\"policies\"><h2>Backup policies</h2>\n");
    if (policies.isEmpty()) {
      html.append("<p class=\"empty\">No BackupPolicy is served.</p></section>\n");
      return;
    }
    boolean rates =
        policies.stream()
            .anyMatch(p -> PolicyFigures.incrementalSuccess24h(p.status()).isPresent());
    boolean verify =
        policies.stream().anyMatch(p -> PolicyFigures.lastVerify(p.status(), now).isPresent());
    html.append(
            "<table><thead><tr><th>Policy</th><th>Health</th><th>Target</th><th>Last backup</th>")
        .append("<th>Age / stale after</th><th>Failed in a row</th>")
        .append(rates ? "<th>Incrementals, 24 h</th>" : "")
        .append(verify ? "<th>Last verify</th>" : "")
        .append("<th>Next</th></tr></thead>\n<tbody>\n");
    for (ResourceView policy : policies) {
      BackupPolicyStatus status = policy.status() instanceof BackupPolicyStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(policy);
      Optional<Instant> lastAt = PolicyFigures.lastBackupAt(status);
      html.append("<tr id=\"policy-")
          .append(PageText.escape(key(policy)))
          .append("\">")
          .append(nameCell(policy))
          .append(healthCell(health))
          .append(cell(status == null ? null : status.getResolvedTarget()))
          .append(cell(PolicyFigures.lastBackup(status).orElse("none yet")))
          .append(
              cell(
                  lastAt
                          .map(
                              at ->
                                  HumanTime.duration(
                                      Math.max(
                                          0, java.time.Duration.between(at, now).getSeconds())))
                          .orElse("-")
                      + (status == null || status.getFreshnessLimitSeconds() == null
                          ? ""
                          : " / " + HumanTime.duration(status.getFreshnessLimitSeconds()))))
          .append(
              cell(
                  status == null || status.getConsecutiveFailures() == null
                      ? null
                      : status.getConsecutiveFailures().toString()))
          .append(rates ? cell(PolicyFigures.incrementalSuccess24h(status).orElse(null)) : "")
          .append(verify ? cell(PolicyFigures.lastVerify(status, now).orElse(null)) : "")
          .append(cell(nextRuns(status, now)))
          .append("</tr>\n");
      detail(html, health, 7 + (rates ? 1 : 0) + (verify ? 1 : 0));
    }
    html.append("</tbody></table></section>\n");
  }

  private void drills(StringBuilder html, List<ResourceView> drills, Instant now) {
    html.append("<section id=\"drills\"><h2>Restore drills</h2>\n");
    if (drills.isEmpty()) {
      html.append(
          "<p class=\"empty\">No RestoreDrill is served: no backup is proven yet.</p></section>\n");
      return;
    }
    html.append(
            "<table><thead><tr><th>Drill</th><th>Health</th><th>Policy</th><th>Level</th><th>Last run</th>")
        .append("<th>Result</th><th>RPO / objective</th><th>RTO / objective</th><th>Next run</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (ResourceView drill : drills) {
      RestoreDrillStatus status = drill.status() instanceof RestoreDrillStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(drill);
      Optional<DrillRun> last = PolicyFigures.lastRun(status);
      Long rpoObjective = status == null ? null : status.getRpoObjectiveSeconds();
      Long rtoObjective = status == null ? null : status.getRtoObjectiveSeconds();
      List<DrillRun> runs =
          status == null || status.getRecentRuns() == null ? List.of() : status.getRecentRuns();
      html.append("<tr id=\"drill-")
          .append(PageText.escape(key(drill)))
          .append("\">")
          .append(nameCell(drill))
          .append(healthCell(health))
          .append(cell(drill.policyRef()))
          .append(cell(drill.level()))
          .append(
              cell(
                  last.flatMap(r -> HumanTime.parse(r.getFinishedAt()))
                      .map(at -> HumanTime.relative(at, now))
                      .orElse("never")))
          .append(
              cell(
                  last.map(r -> Boolean.TRUE.equals(r.getSucceeded()) ? "succeeded" : "failed")
                      .orElse("-")))
          .append(
              cell(
                  last.map(r -> PolicyFigures.against(r.getActualRpoSeconds(), rpoObjective))
                      .orElse(PolicyFigures.against(null, rpoObjective))))
          .append(
              cell(
                  last.map(r -> PolicyFigures.against(r.getActualRtoSeconds(), rtoObjective))
                      .orElse(PolicyFigures.against(null, rtoObjective))))
          .append(cell(next(status == null ? null : status.getNextRun(), now)))
          .append("</tr>\n");
      detail(html, health, 9);
      if (!runs.isEmpty()) {
        html.append("<tr class=\"trend\"><td colspan=\"9\"><span class=\"meta\">Last ")
            .append(runs.size())
            .append(runs.size() == 1 ? " run" : " runs")
            .append(", oldest first:</span> ")
            .append(TrendChart.svg("RPO", runs, DrillRun::getActualRpoSeconds, rpoObjective))
            .append(TrendChart.svg("RTO", runs, DrillRun::getActualRtoSeconds, rtoObjective))
            .append("</td></tr>\n");
      }
    }
    html.append("</tbody></table></section>\n");
  }

  private void migrations(StringBuilder html, List<ResourceView> plans, Instant now) {
    html.append("<section id=\"migrations\"><h2>Migrations</h2>\n");
    if (plans.isEmpty()) {
      html.append("<p class=\"empty\">No MigrationPlan is served.</p></section>\n");
      return;
    }
    html.append(
            "<table><thead><tr><th>Plan</th><th>Health</th><th>Phase</th><th>Migrated</th><th>Skipped</th>")
        .append("<th>Failed</th><th>Finished</th></tr></thead>\n<tbody>\n");
    for (ResourceView plan : plans) {
      MigrationPlanStatus status = plan.status() instanceof MigrationPlanStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(plan);
      html.append("<tr id=\"migration-")
          .append(PageText.escape(key(plan)))
          .append("\">")
          .append(nameCell(plan))
          .append(healthCell(health))
          .append(
              cell(status == null || status.getPhase() == null ? null : wire(status.getPhase())))
          .append(cell(number(status == null ? null : status.getMigrated())))
          .append(cell(number(status == null ? null : status.getSkipped())))
          .append(cell(number(status == null ? null : status.getFailed())))
          .append(cell(when(status == null ? null : status.getFinishedAt(), now)))
          .append("</tr>\n");
      detail(html, health, 7);
    }
    html.append("</tbody></table></section>\n");
  }

  private void replays(StringBuilder html, List<ResourceView> plans, Instant now) {
    html.append("<section id=\"replays\"><h2>Replays</h2>\n");
    if (plans.isEmpty()) {
      html.append("<p class=\"empty\">No ReplayPlan is served.</p></section>\n");
      return;
    }
    html.append("<table><thead><tr><th>Plan</th><th>Health</th><th>Phase</th><th>Mode</th>")
        .append("<th>Partitions</th><th>Finished</th></tr></thead>\n<tbody>\n");
    for (ResourceView plan : plans) {
      ReplayPlanStatus status = plan.status() instanceof ReplayPlanStatus s ? s : null;
      ResourceHealth health = ResourceHealth.of(plan);
      html.append("<tr id=\"replay-")
          .append(PageText.escape(key(plan)))
          .append("\">")
          .append(nameCell(plan))
          .append(healthCell(health))
          .append(
              cell(status == null || status.getPhase() == null ? null : wire(status.getPhase())))
          .append(cell(status == null ? null : status.getMode()))
          .append(cell(partitions(status)))
          .append(cell(when(status == null ? null : status.getFinishedAt(), now)))
          .append("</tr>\n");
      detail(html, health, 6);
    }
    html.append("</tbody></table></section>\n");
  }

  /** {@code incremental in 4m, full in 7h36m}. */
  private static String nextRuns(BackupPolicyStatus status, Instant now) {
    if (status == null) {
      return null;
    }
    List<String> next = new java.util.ArrayList<>();
    HumanTime.parse(status.getNextIncremental())
        .ifPresent(t -> next.add("incremental " + HumanTime.relative(t, now)));
    HumanTime.parse(status.getNextFull())
        .ifPresent(t -> next.add("full " + HumanTime.relative(t, now)));
    return next.isEmpty() ? null : String.join(", ", next);
  }

  private static String partitions(ReplayPlanStatus status) {
    if (status == null || status.getPartitions() == null || status.getPartitions().isEmpty()) {
      return null;
    }
    Map<String, Integer> byState = new TreeMap<>();
    for (PartitionStatus partition : status.getPartitions()) {
      byState.merge(
          partition.getState() == null ? "unknown" : wire(partition.getState()), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    byState.forEach(
        (state, count) ->
            out.append(out.length() == 0 ? "" : ", ").append(count).append(' ').append(state));
    return out.toString();
  }

  private void detail(StringBuilder html, ResourceHealth health, int columns) {
    if (health.health() != Health.HEALTHY && !health.reason().isBlank()) {
      html.append("<tr class=\"detail ")
          .append(health.health().label())
          .append("\"><td colspan=\"")
          .append(columns)
          .append("\">")
          .append(text.html(health.reason()))
          .append("</td></tr>\n");
    }
  }

  private static String nameCell(ResourceView view) {
    return "<th scope=\"row\">"
        + PageText.escape(
            view.namespace() == null ? view.name() : view.namespace() + "/" + view.name())
        + "</th>";
  }

  private static String healthCell(ResourceHealth health) {
    String label = health.health().label();
    return "<td><span class=\"health " + label + "\">" + label + "</span></td>";
  }

  private String cell(String value) {
    return "<td>" + (value == null || value.isBlank() ? "-" : text.html(value)) + "</td>";
  }

  private static String next(String at, Instant now) {
    return HumanTime.parse(at).map(t -> HumanTime.relative(t, now)).orElse(null);
  }

  private static String when(String at, Instant now) {
    return HumanTime.parse(at).map(t -> HumanTime.relative(t, now)).orElse(null);
  }

  private static String number(Integer value) {
    return value == null ? null : value.toString();
  }

  private static String wire(Enum<?> value) {
    return dev.bulwark.api.common.WireNames.of(value);
  }

  private static String key(ResourceView view) {
    return view.namespace() == null ? view.name() : view.namespace() + "-" + view.name();
  }

  private static List<ResourceView> select(List<ResourceView> resources, String kind) {
    Predicate<ResourceView> ofKind = r -> r.is(kind);
    return resources.stream().filter(ofKind).toList();
  }

  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem;color:#1d2330;"
          + "background:#f7f8fa}"
          + "h1{margin:0;font-size:1.6rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}"
          + ".meta{color:#5b6475;font-size:.85rem;margin:.2rem 0}"
          + "table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}"
          + "th,td{border-bottom:1px solid #e3e6ec;padding:.4rem .6rem;text-align:left;vertical-align:middle;"
          + "white-space:nowrap}"
          + "tr.detail td,.reasons{white-space:normal}"
          + "thead th{background:#eef0f4;font-weight:600}tbody th{font-weight:600}"
          + "tr.detail td{font-size:.82rem;color:#3b4252;background:#fbfbfd;padding-left:2rem}"
          + "tr.detail.failing td,tr.detail.invalid td{color:#9b1c1c}"
          + ".health{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-weight:600;font-size:.8rem}"
          + ".healthy{background:#d9f2e3;color:#14532d}.pending{background:#e6e9ef;color:#374151}"
          + ".warning{background:#fdf0c8;color:#7a4d00}.failing{background:#fbd5d5;color:#9b1c1c}"
          + ".invalid{background:#9b1c1c;color:#fff}.deleted{background:#e6e9ef;color:#6b7280}"
          + ".gate{padding:.6rem 1rem;border-radius:.4rem;margin:.4rem 0}"
          + ".gate.open{background:#d9f2e3}.gate.blocked{background:#fbd5d5}.gate.unknown{background:#e6e9ef}"
          + ".gate p{margin:.2rem 0}.verdict{font-weight:700;text-transform:uppercase;letter-spacing:.04em}"
          + ".reasons{margin:.3rem 0 .3rem 1.2rem;padding:0}.stale{color:#9b1c1c}"
          + ".empty{color:#5b6475}footer{margin-top:2rem;color:#5b6475;font-size:.8rem}"
          + "tr.trend td{padding-left:2rem}svg.trend{background:#fbfbfd;border:1px solid #e3e6ec;margin:0 .3rem;"
          + "vertical-align:middle}section{overflow-x:auto}"
          + ".chart-title{font-size:10px;fill:#374151;font-weight:600}.tick{font-size:9px;fill:#6b7280}"
          + ".axis{stroke:#9ca3af}.objective{stroke:#b45309;stroke-dasharray:4 3}"
          + ".series{fill:none;stroke:#2563eb;stroke-width:1.5}.point{fill:#2563eb}.missed{fill:#b45309}"
          + ".failed{stroke:#dc2626;stroke-width:2;fill:none}";
}
