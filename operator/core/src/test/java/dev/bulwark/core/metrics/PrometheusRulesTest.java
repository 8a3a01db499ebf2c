package dev.bulwark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example alert rules ops copy (examples/prometheus/bulwark-rules.yaml) only name metrics and
 * labels that {@link OperatorMetrics} exports, so none of them silently never fires. A quick check
 * on one of each recording; ObservabilityIT checks the same against a real runtime's scrape.
 */
class PrometheusRulesTest {
  private static final Path RULES =
      Path.of("../../examples/prometheus/bulwark-rules.yaml").toAbsolutePath().normalize();
  private static final Pattern BULWARK_METRIC = Pattern.compile("\\bbulwark_[a-zA-Z0-9_:]*");
  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");

  @Test
  void everyRuleUsesOnlyExportedMetricsAndLabels() throws IOException {
    ScrapedSamples exported = ScrapedSamples.parse(oneOfEach().scrape());
    Set<String> exportedLabels = exported.labelNames("bulwark_");
    List<JsonNode> rules = rules();

    assertThat(rules)
        .extracting(r -> r.path("alert").asText())
        .contains("BulwarkBackupStale", "BulwarkBackupFailing");
    for (JsonNode rule : rules) {
      String name = rule.path("alert").asText();
      String expr = rule.path("expr").asText();
      Set<String> metrics = matches(BULWARK_METRIC, expr);
      assertThat(metrics).as("%s names a bulwark metric", name).isNotEmpty();
      assertThat(exported.names()).as("%s: metrics in %s", name, expr).containsAll(metrics);
      assertThat(exportedLabels).as("%s: labels in %s", name, expr).containsAll(labelsUsedIn(expr));
      assertThat(rule.path("labels").path("severity").asText())
          .as("%s severity", name)
          .isNotEmpty();
      assertThat(rule.path("annotations").path("summary").asText())
          .as("%s summary", name)
          .isNotEmpty();
    }
  }

  private static List<JsonNode> rules() throws IOException {
    JsonNode file = new YAMLMapper().readTree(Files.readString(RULES));
    List<JsonNode> rules = new ArrayList<>();
    file.path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  /** Metrics after recording one of everything OperatorMetrics knows. */
  private static OperatorMetrics oneOfEach() {
    OperatorMetrics metrics =
        new OperatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    metrics.backupFinished(
        new BackupOutcome(
            "team-a",
            "app",
            "incremental",
            "local",
            BackupOutcome.SUCCESS,
            Duration.ofSeconds(1),
            now,
            Map.of("files", new DomainTotals(1, 10))));
    metrics.consecutiveFailures("team-a", "app", 0);
    metrics.dataAge("team-a", "app", Duration.ofSeconds(5));
    metrics.restoreFinished(
        "team-a",
        "app",
        "L1",
        BackupOutcome.SUCCESS,
        Duration.ofSeconds(2),
        Optional.of(Duration.ZERO));
    metrics.alertSent("Healthy", "True");
    metrics.freshnessLimit("team-a", "app", Duration.ofMinutes(10));
    BackupPolicyStatus status = new BackupPolicyStatus();
    status
        .conditions()
        .set(ConditionType.VALID, true, ConditionReason.SPEC_VALID, "spec is valid", 1L, now);
    metrics.resourceConditions(
        List.of(
            new ResourceView(
                ResourceView.BACKUP_POLICY, "team-a", "app", 1, false, null, null, status, now)));
    return metrics;
  }

  private static Set<String> labelsUsedIn(String expr) {
    Set<String> labels = new TreeSet<>();
    Matcher matchers = MATCHERS.matcher(expr);
    while (matchers.find()) {
      labels.addAll(matches(MATCHER_LABEL, matchers.group(1), 1));
    }
    Matcher grouping = GROUPING.matcher(expr);
    while (grouping.find()) {
      for (String label : grouping.group(1).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.trim());
        }
      }
    }
    return labels;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    return matches(pattern, text, 0);
  }

  private static Set<String> matches(Pattern pattern, String text, int group) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(group));
    }
    return found;
  }
}
