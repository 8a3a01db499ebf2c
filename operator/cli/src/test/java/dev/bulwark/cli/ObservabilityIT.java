package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.cli.BulwarkProcess.Result;
import dev.bulwark.core.metrics.DashboardQueries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What people and monitoring see of a real {@code bulwark run} serving a healthy policy, a failing
 * one, an invalid one, a drill, a migration plan and a replay plan: the status page in Chromium
 * (every policy's health and the gate, no secret, no host path), {@code bulwark status}, and {@code
 * /metrics}, whose metric families are exactly those docs/metrics.md lists and cover every metric
 * the alert rules and the Grafana dashboard query. Jobs and drills run from the CLI beside the
 * runtime are counted, and every gauge is back right after a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String SECRET_KEY = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
  private static final String HOOK_TOKEN = "hook-token-9q8w7e";
  private static final Pattern FAMILY_TYPE = Pattern.compile("^# TYPE (bulwark_\\w+) (\\w+)$");
  private static final Pattern SAMPLE = Pattern.compile("^(bulwark_\\w+)(?:\\{(.*)})? \\S+$");
  private static final Pattern LABEL_NAME = Pattern.compile("(\\w+)=\"");
  private static final Pattern METRIC = Pattern.compile("\\bbulwark_[a-z0-9_]+");
  private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]\\w*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");

  private Path work;
  private Path policies;
  private Path state;
  private Path log;
  private int port;
  private Process runtime;
  private Map<String, String> env;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void startTheRuntime() throws Exception {
    work = Files.createTempDirectory("bulwark-observability");
    policies = Files.createDirectories(work.resolve("policies"));
    state = work.resolve("state");
    log = work.resolve("bulwark.log");
    Path data = work.resolve("data");
    for (int i = 1; i <= 3; i++) {
      write(
          data.resolve("raw/exams/e" + i + ".csv"),
          "student,score\ns-100" + i + "," + (60 + i) + "\n");
    }
    write(data.resolve("serving/profiles/p1.json"), "{\"schema_version\": 1, \"name\": \"Li\"}\n");
    write(
        data.resolve("serving/profiles/p2.json"), "{\"schema_version\": 1, \"name\": \"Wang\"}\n");
    copyTree(BulwarkProcess.ROOT.resolve("examples/replay/raw"), work.resolve("replay/raw"));
    copyTree(
        BulwarkProcess.ROOT.resolve("examples/replay/analyzers"), work.resolve("replay/analyzers"));
    Files.writeString(
        policies.resolve("healthy.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: healthy}
        spec:
          target: local
          targets:
            local: {path: %1$s/repository}
          sources:
            - {path: %1$s/data/raw, domain: raw, priority: P2}
            - {path: %1$s/data/serving, domain: serving, priority: P0}
          schedule: {incremental: "@every 3s", full: "0 2 * * *", timeZone: UTC}
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: weekly}
        spec:
          policyRef: healthy
          level: L1
          schedule: "0 3 * * 0"
          objects: {objectsPerDomain: 1}
          validators: {json: true, csv: true}
          objectives: {rpo: 5m, rto: 30m}
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: MigrationPlan
        metadata: {name: profiles-v2}
        spec:
          policyRef: healthy
          selectors:
            - {paths: ["serving/profiles/*.json"], format: json}
          from: 1
          to: 2
          steps:
            - from: 1
              to: 2
              operations:
                - {op: addMetadata, path: /data_domain, value: serving}
          mode: apply
          requireGate: false
        """
            .formatted(work));
    Files.writeString(
        policies.resolve("failing.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: failing}
        spec:
          target: local
          targets:
            local: {path: %1$s/repository}
          sources:
            - {path: %2$s/inbox, domain: raw}
          schedule: {incremental: "@every 3s", full: "0 2 * * *", timeZone: UTC}
          webhookUrl: http://hooks:%3$s@127.0.0.1:9/bulwark
        """
            .formatted(work, state, HOOK_TOKEN));
    Files.writeString(
        policies.resolve("broken.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: broken}
        spec:
          target: ftp
          sources: [{path: %s/data/raw, domain: raw}]
        """
            .formatted(work));
    Files.writeString(
        policies.resolve("replay.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: ReplayPlan
        metadata: {name: exam-scores}
        spec:
          analyzer:
            argv: [sh, %1$s/replay/analyzers/score-v1.sh, "{input}", "{output}"]
            analyzerVersion: v1
          inputs:
            root: %1$s/replay/raw/exams
            paths: ["*/*.csv"]
          partition:
            by: pathSegment
            segment: 0
            format: daily
            window: {start: "2026-11-20", end: "2026-11-23"}
          output:
            root: %1$s/replay/derived/{analyzerVersion}
          mode: apply
          checks: {outputExistsPerInput: true, parseCsv: true}
        """
            .formatted(work));
    env = Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    port = freePort();
    runtime = startRuntime();
    await(
        () -> condition("backuppolicy", "healthy", "Fresh").equals("True"),
        "a fresh healthy policy");
    await(
        () -> condition("backuppolicy", "failing", "Healthy").equals("False"),
        "the failing policy failing");
    await(
        () -> condition("backuppolicy", "broken", "Valid").equals("False"),
        "the broken policy invalid");
    await(
        () ->
            status("migrationplan", "profiles-v2").at("/status/phase").asText().equals("Succeeded"),
        "the migration done");
    await(
        () -> status("replayplan", "exam-scores").at("/status/phase").asText().equals("Succeeded"),
        "the replay done");
  }

  @AfterAll
  void stop() throws Exception {
    if (runtime != null) {
      runtime.destroy();
      if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
        runtime.destroyForcibly();
      }
    }
  }

  private Process startRuntime() throws IOException {
    return BulwarkProcess.start(
        work,
        env,
        log,
        "run",
        "--policies",
        policies.toString(),
        "--state",
        state.toString(),
        "--http-port",
        Integer.toString(port));
  }

  @Test
  @Order(1)
  void theRuntimeStartsWithoutLoggingOrApiVersionWarnings() throws IOException {
    String started = Files.readString(log);

    assertThat(started).contains("[INFO] RunCommand - serving ");
    assertThat(started).doesNotContain("SLF4J").doesNotContain("unstable version");
  }

  @Test
  @Order(1)
  void aBackupAndADrillRunFromTheCliAreCountedOnMetrics() throws Exception {
    double counted =
        value(
            scrape(),
            "bulwark_backup_runs_total",
            Map.of(
                "namespace",
                "",
                "policy",
                "healthy",
                "type",
                "full",
                "result",
                "success",
                "target",
                "local"));
    double fullsBefore = Double.isNaN(counted) ? 0 : counted;

    Result backup =
        BulwarkProcess.run(
            work,
            env,
            "backup",
            "--policies",
            policies.toString(),
            "--state",
            state.toString(),
            "--policy",
            "healthy",
            "--snapshot-type",
            "full");
    Result drill =
        BulwarkProcess.run(
            work,
            env,
            "drill",
            "--policies",
            policies.toString(),
            "--state",
            state.toString(),
            "--drill",
            "weekly");

    assertThat(backup.exitCode()).as(backup.stderr()).isZero();
    assertThat(drill.exitCode()).as(drill.stderr()).isZero();
    await(
        () ->
            value(
                    scrapeNow(),
                    "bulwark_backup_runs_total",
                    Map.of(
                        "namespace",
                        "",
                        "policy",
                        "healthy",
                        "type",
                        "full",
                        "result",
                        "success",
                        "target",
                        "local"))
                == fullsBefore + 1,
        "the CLI's full backup counted");
    await(
        () ->
            value(
                    scrapeNow(),
                    "bulwark_restore_runs_total",
                    Map.of(
                        "namespace", "", "policy", "healthy", "level", "L1", "result", "success"))
                >= 1,
        "the CLI's drill counted");
    String metrics = scrape();
    JsonNode drillRecord = JSON.readTree(drill.stdout());
    assertThat(
            value(
                metrics,
                "bulwark_drill_actual_rpo_seconds",
                Map.of("namespace", "", "policy", "healthy", "level", "L1")))
        .isEqualTo(drillRecord.path("actual_rpo_seconds").asDouble());
    assertThat(
            value(
                metrics,
                "bulwark_drill_objective_rpo_seconds",
                Map.of("namespace", "", "policy", "healthy", "level", "L1")))
        .isEqualTo(300.0);
    // Snapshot totals are the whole snapshot's: 3 raw files, 2 serving ones, after any incremental.
    assertThat(
            value(
                metrics,
                "bulwark_backup_snapshot_files",
                Map.of("namespace", "", "policy", "healthy", "domain", "raw")))
        .isEqualTo(3.0);
    assertThat(
            value(
                metrics,
                "bulwark_backup_snapshot_files",
                Map.of("namespace", "", "policy", "healthy", "domain", "serving")))
        .isEqualTo(2.0);
    // The status picks the drill up within the history poll, and so does the page.
    await(
        () -> status("restoredrill", "weekly").at("/status/recentRuns/0/succeeded").asBoolean(),
        "the drill's run in its status");
  }

  @Test
  @Order(2)
  void theDocumentedMetricsAreExactlyTheExportedOnes() throws Exception {
    Map<String, Family> exported = families(scrape());
    Map<String, Family> documented = documentedFamilies();

    assertThat(documented.keySet()).as("docs/metrics.md vs /metrics").isEqualTo(exported.keySet());
    for (Family family : documented.values()) {
      Family actual = exported.get(family.name());
      assertThat(actual.type()).as("type of %s", family.name()).isEqualTo(family.type());
      assertThat(actual.labels()).as("labels of %s", family.name()).isEqualTo(family.labels());
    }
  }

  @Test
  @Order(2)
  void everyAlertRuleAndDashboardQueryUsesExportedMetricsAndLabels() throws Exception {
    Map<String, Family> exported = families(scrape());
    Set<String> names = new TreeSet<>();
    Set<String> labels = new TreeSet<>(Set.of("le", "job", "instance"));
    for (Family family : exported.values()) {
      names.add(family.name());
      labels.addAll(family.labels());
      if (family.type().equals("histogram")) {
        names.addAll(
            List.of(family.name() + "_bucket", family.name() + "_count", family.name() + "_sum"));
      }
    }
    List<String> queries = new ArrayList<>();
    JsonNode rules =
        new YAMLMapper()
            .readTree(
                BulwarkProcess.ROOT.resolve("examples/prometheus/bulwark-rules.yaml").toFile());
    rules
        .path("groups")
        .forEach(g -> g.path("rules").forEach(r -> queries.add(r.path("expr").asText())));
    int ruleQueries = queries.size();
    queries.addAll(
        DashboardQueries.of(
            JSON.readTree(BulwarkProcess.ROOT.resolve("examples/grafana/bulwark.json").toFile())));

    assertThat(ruleQueries).isEqualTo(10);
    for (String query : queries) {
      assertThat(all(METRIC, query, 0)).as("metrics of %s", query).isNotEmpty().isSubsetOf(names);
      Set<String> used = new TreeSet<>();
      Matcher braces = Pattern.compile("\\{([^}]*)}").matcher(query);
      while (braces.find()) {
        used.addAll(all(MATCHER_LABEL, braces.group(1), 1));
      }
      for (String grouping : all(GROUPING, query, 1)) {
        for (String label : grouping.split(",")) {
          if (!label.isBlank()) {
            used.add(label.trim());
          }
        }
      }
      assertThat(used).as("labels of %s", query).isSubsetOf(labels);
    }
  }

  @Test
  @Order(3)
  void thePageShowsEveryPolicysHealthAndTheGateInChromiumWithoutSecretsOrPaths() throws Exception {
    boolean required = System.getenv("BULWARK_REQUIRE_CHROMIUM") != null;
    assumeTrue(
        HeadlessChromium.installed() || required, "chromium and chromedriver are not installed");
    assertThat(HeadlessChromium.installed())
        .as("BULWARK_REQUIRE_CHROMIUM is set: install chromium, chromium-driver")
        .isTrue();
    try (HeadlessChromium browser =
        HeadlessChromium.start(
            work.resolve("chromium-profile"), work.resolve("chromedriver.log"))) {
      browser.open("http://127.0.0.1:" + port + "/");

      String title = browser.title();
      String text = browser.visibleText();
      String policiesText = browser.text("#policies");
      String gate = browser.text("#gate");
      String drills = browser.text("#drills");
      Files.write(Path.of("target/status-page.png"), browser.screenshot());

      assertThat(title).startsWith("Bulwark · gate blocked");
      assertThat(gate.toLowerCase()).contains("blocked").contains("backuppolicy failing");
      assertThat(policiesText.lines())
          .anyMatch(l -> l.startsWith("healthy healthy local"))
          .anyMatch(l -> l.startsWith("failing failing"))
          .anyMatch(l -> l.startsWith("broken invalid"));
      assertThat(policiesText).contains("spec.target").contains("consecutive backup jobs failed");
      assertThat(drills)
          .contains("weekly")
          .contains("/ 5m")
          .contains("/ 30m")
          .contains("oldest first");
      assertThat(text)
          .contains("Migrations")
          .contains("profiles-v2")
          .contains("Replays")
          .contains("exam-scores");
      String source = browser.source();
      for (String secret :
          List.of(
              SECRET_KEY,
              HOOK_TOKEN,
              state.toString(),
              work.toString(),
              state.toRealPath().toString())) {
        assertThat(text).as("visible text").doesNotContain(secret);
        assertThat(source).as("page source").doesNotContain(secret);
      }
      assertThat(source).doesNotContain("<script");
    }
  }

  @Test
  @Order(3)
  void bulwarkStatusMarksTheHealthyTheFailingAndTheInvalidPolicy() throws Exception {
    Result status = BulwarkProcess.run(work, env, "status", "--state", state.toString());
    Result json = BulwarkProcess.run(work, env, "status", "--state", state.toString(), "--json");
    System.out.println("bulwark status:\n" + status.stdout() + status.stderr());

    assertThat(status.exitCode()).isEqualTo(1);
    List<String> lines = status.stdout().lines().toList();
    assertThat(lines.get(0))
        .matches("POLICY +HEALTH +TARGET +LAST BACKUP +AGE +FAILED +INCREMENTALS 24H +NEXT");
    assertThat(lines)
        .anyMatch(l -> l.matches("healthy +healthy +local +(incremental|full) \\S+ +\\S+ +0 +.*"))
        .anyMatch(l -> l.matches("failing +failing +local +none yet +- +([2-9]|\\d{2,}) +.*"))
        .anyMatch(l -> l.matches("broken +invalid +- +none yet +- +- +- +-"))
        .anyMatch(
            l ->
                l.matches(
                    "weekly +healthy +healthy +L1 +succeeded \\S+ ago +\\S+ / 5m +\\S+ / 30m +in .*"))
        .anyMatch(l -> l.startsWith("GATE   blocked"));
    assertThat(status.stderr()).isEmpty(); // not stale: the runtime is writing
    JsonNode document = JSON.readTree(json.stdout());
    assertThat(document.path("gate").path("open").asBoolean()).isFalse();
    assertThat(document.path("stale").asBoolean()).isFalse();
    assertThat(document.path("resources"))
        .anyMatch(
            r ->
                r.path("name").asText().equals("failing")
                    && r.path("health").asText().equals("failing"));
  }

  @Test
  @Order(4)
  void everyGaugeIsBackRightAfterARestart() throws Exception {
    runtime.destroy();
    assertThat(runtime.waitFor(60, TimeUnit.SECONDS)).isTrue();
    runtime = startRuntime();
    await(
        () -> {
          try {
            return get("/readyz").statusCode() == 200;
          } catch (IOException | InterruptedException e) {
            return false;
          }
        },
        "the restarted runtime ready");

    String metrics = scrape();

    Map<String, String> l1 = Map.of("namespace", "", "policy", "healthy", "level", "L1");
    assertThat(value(metrics, "bulwark_drill_actual_rpo_seconds", l1)).isGreaterThanOrEqualTo(0);
    assertThat(value(metrics, "bulwark_drill_actual_rto_seconds", l1)).isGreaterThanOrEqualTo(0);
    assertThat(
            value(
                metrics,
                "bulwark_backup_snapshot_files",
                Map.of("namespace", "", "policy", "healthy", "domain", "raw")))
        .isEqualTo(3.0);
    assertThat(
            value(
                metrics,
                "bulwark_backup_last_success_timestamp_seconds",
                Map.of("namespace", "", "policy", "healthy")))
        .isPositive();
    assertThat(
            value(
                metrics,
                "bulwark_backup_consecutive_failures",
                Map.of("namespace", "", "policy", "failing")))
        .isGreaterThanOrEqualTo(2);
    assertThat(
            value(
                metrics,
                "bulwark_migration_last_run_success",
                Map.of("namespace", "", "plan", "profiles-v2")))
        .isEqualTo(1.0);
    assertThat(
            value(
                metrics,
                "bulwark_replay_last_run_success",
                Map.of("namespace", "", "plan", "exam-scores")))
        .isEqualTo(1.0);
    assertThat(
            value(
                metrics,
                "bulwark_resource_condition",
                Map.of(
                    "kind",
                    "BackupPolicy",
                    "namespace",
                    "",
                    "name",
                    "broken",
                    "condition",
                    "Valid")))
        .isEqualTo(0.0);
  }

  /** A metric family as /metrics or docs/metrics.md present it. */
  private record Family(String name, String type, Set<String> labels) {}

  private static Map<String, Family> families(String scrape) {
    Map<String, String> types = new TreeMap<>();
    Map<String, Set<String>> labels = new HashMap<>();
    for (String line : scrape.split("\n")) {
      Matcher type = FAMILY_TYPE.matcher(line);
      if (type.matches()) {
        types.put(type.group(1), type.group(2));
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (sample.matches() && sample.group(2) != null) {
        String family = sample.group(1).replaceAll("_(bucket|count|sum)$", "");
        Set<String> names =
            labels.computeIfAbsent(
                types.containsKey(sample.group(1)) ? sample.group(1) : family,
                k -> new TreeSet<>());
        names.addAll(all(LABEL_NAME, sample.group(2), 1));
        names.remove("le");
      }
    }
    Map<String, Family> families = new TreeMap<>();
    types.forEach(
        (name, type) ->
            families.put(name, new Family(name, type, labels.getOrDefault(name, Set.of()))));
    return families;
  }

  private static Map<String, Family> documentedFamilies() throws IOException {
    String doc = Files.readString(BulwarkProcess.ROOT.resolve("docs/metrics.md"));
    String table =
        doc.substring(doc.indexOf("## Bulwark metrics"), doc.indexOf("Where the values come from"));
    Map<String, Family> families = new TreeMap<>();
    Pattern row =
        Pattern.compile(
            "^\\| `(bulwark_\\w+)` +\\| (\\w+) +\\| ([a-z, ]*?) +\\|", Pattern.MULTILINE);
    Matcher matcher = row.matcher(table);
    while (matcher.find()) {
      Set<String> labels = new TreeSet<>();
      for (String label : matcher.group(3).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.trim());
        }
      }
      families.put(matcher.group(1), new Family(matcher.group(1), matcher.group(2), labels));
    }
    return families;
  }

  private static Set<String> all(Pattern pattern, String text, int group) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(group));
    }
    return found;
  }

  /**
   * The value of the sample of {@code name} with exactly {@code labels}, or NaN when there is none.
   */
  private static double value(String scrape, String name, Map<String, String> labels) {
    for (String line : scrape.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches() || !sample.group(1).equals(name)) {
        continue;
      }
      Map<String, String> found = new TreeMap<>();
      Matcher label =
          Pattern.compile("(\\w+)=\"([^\"]*)\"")
              .matcher(sample.group(2) == null ? "" : sample.group(2));
      while (label.find()) {
        found.put(label.group(1), label.group(2));
      }
      if (found.equals(new TreeMap<>(labels))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  private String scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** A scrape for await conditions: an error is an empty scrape, so the wait goes on. */
  private String scrapeNow() {
    try {
      return scrape();
    } catch (IOException | InterruptedException | AssertionError e) {
      return "";
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode status(String kind, String name) {
    try {
      return JSON.readTree(state.resolve("status/" + kind + "/" + name + ".json").toFile());
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  private String condition(String kind, String name, String type) {
    for (JsonNode condition : status(kind, name).at("/status/conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition.path("status").asText();
      }
    }
    return "";
  }

  private void await(Supplier<Boolean> done, String what) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (done.get()) {
          return;
        }
      } catch (RuntimeException e) {
        // not there yet
      }
      if (!runtime.isAlive()) {
        throw new AssertionError(
            "bulwark run exited while waiting for " + what + ":\n" + Files.readString(log));
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no " + what + " within " + PATIENCE + "; log:\n" + Files.readString(log));
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
