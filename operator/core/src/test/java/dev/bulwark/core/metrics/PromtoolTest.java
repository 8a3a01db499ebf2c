package dev.bulwark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example alert rules and the Grafana dashboard through Prometheus's own tool: the rules load,
 * their unit tests pass (the stale rule is silent for an hourly policy on time and fires for a late
 * one), and every dashboard query parses. promtool comes with Debian's {@code prometheus} package;
 * CI sets {@code BULWARK_REQUIRE_PROMTOOL} so a missing promtool fails instead of skipping.
 */
class PromtoolTest {
  private static final Path EXAMPLES = Path.of("../../examples").toAbsolutePath().normalize();
  private static final Path DASHBOARD = EXAMPLES.resolve("grafana/bulwark.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String promtool;

  @TempDir Path tmp;

  @BeforeAll
  static void findPromtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "promtool"))) {
        promtool = Path.of(dir, "promtool").toString();
        return;
      }
    }
    if (System.getenv("BULWARK_REQUIRE_PROMTOOL") != null) {
      throw new AssertionError(
          "promtool is not on the PATH (apt-get install prometheus) and BULWARK_REQUIRE_PROMTOOL is set");
    }
  }

  @Test
  void theRulesLoadAndTheirUnitTestsPass() throws Exception {
    assumeTrue(promtool != null, "promtool is not installed");

    assertThat(promtool(EXAMPLES.resolve("prometheus"), "check", "rules", "bulwark-rules.yaml"))
        .contains("SUCCESS: 10 rules found");
    assertThat(promtool(EXAMPLES.resolve("prometheus"), "test", "rules", "bulwark-rules.test.yaml"))
        .contains("SUCCESS");
  }

  @Test
  void everyDashboardQueryParses() throws Exception {
    assumeTrue(promtool != null, "promtool is not installed");
    List<String> queries = DashboardQueries.of(JSON.readTree(DASHBOARD.toFile()));
    assertThat(queries).hasSizeGreaterThan(20);
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      String expr =
          queries
              .get(i)
              .replace("$__rate_interval", "5m")
              .replace("$__range", "1d")
              .replace("$__interval", "1m")
              .replace("$namespace", ".*")
              .replace("$policy", ".*");
      rules
          .append("      - record: dashboard:query_")
          .append(i)
          .append('\n')
          .append("        expr: ")
          .append(JSON.writeValueAsString(expr))
          .append('\n');
    }
    Path file = Files.writeString(tmp.resolve("dashboard-queries.yaml"), rules);

    assertThat(promtool(tmp, "check", "rules", file.getFileName().toString()))
        .contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void theDashboardIsWellFormed() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("bulwark-overview");
    assertThat(dashboard.path("templating").path("list"))
        .extracting(v -> v.path("name").asText())
        .contains("datasource", "namespace", "policy");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt()))
          .as("unique id of %s", panel.path("title"))
          .isTrue();
      assertThat(panel.path("title").asText()).isNotBlank();
      assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("description").asText())
            .as("%s explains itself", panel.path("title"))
            .isNotBlank();
        assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
          assertThat(target.path("expr").asText()).isNotBlank();
        }
      }
    }
  }

  @Test
  void everyPerPolicyOrPlanQueryKeepsNamespacesApart() throws IOException {
    // Same-named policies (or plans) in two namespaces are two series: a query that filters or
    // groups by policy or plan must carry the namespace too, or it adds them up.
    Pattern grouping = Pattern.compile("\\bby \\(([^)]*)\\)");
    for (String query : DashboardQueries.of(JSON.readTree(DASHBOARD.toFile()))) {
      if (query.contains("policy=~\"$policy\"")) {
        assertThat(query)
            .as("the policy filter of %s", query)
            .contains("namespace=~\"$namespace\"");
      }
      Matcher by = grouping.matcher(query);
      while (by.find()) {
        List<String> labels = List.of(by.group(1).split("\\s*,\\s*"));
        if (labels.contains("policy") || labels.contains("plan")) {
          assertThat(labels).as("the grouping of %s", query).contains("namespace");
        }
      }
    }
  }

  private String promtool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtool));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }
}
