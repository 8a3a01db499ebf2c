package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.cli.BulwarkProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark gate check} through the real executable, on gate files written by hand as the
 * documented contract (docs/status-files.md, "Release gate") describes them.
 */
class GateCheckIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  @TempDir Path dir;

  /**
   * A gate file of policy {@code demo} (drill {@code weekly}) and policy {@code other} (drill
   * {@code other-l1}).
   */
  private Path gateFile(Duration demoDrillAge, String demoPreUpgrade) throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    String lastBackup = NOW.minus(Duration.ofMinutes(5)).toString();
    Files.writeString(
        state.resolve("gate.json"),
        """
        {
          "formatVersion": 1,
          "open": true,
          "reasons": [],
          "evaluatedAt": "%s",
          "settings": {"drillWindow": "P7D", "healthWindow": "PT24H", "preUpgradeMaxAge": "PT24H", "requirePreUpgrade": false},
          "policies": [
            {"name": "demo", "facts": {"name": "demo", "valid": true, "healthy": "True",
              "lastSuccessfulBackup": {"jobId": "20260302T075500Z-a1", "type": "incremental", "finishedAt": "%s"}
              %s}},
            {"name": "other", "facts": {"name": "other", "valid": true, "healthy": "True",
              "lastSuccessfulBackup": {"jobId": "20260302T075500Z-b2", "type": "full", "finishedAt": "%s"}}}
          ],
          "drills": [
            {"name": "weekly", "facts": {"name": "weekly", "policyRef": "demo", "level": "L1", "valid": true,
              "lastSuccessAt": "%s", "lastRunSucceeded": true}},
            {"name": "other-l1", "facts": {"name": "other-l1", "policyRef": "other", "level": "L1", "valid": true,
              "lastSuccessAt": "%s", "lastRunSucceeded": true}}
          ]
        }
        """
            .formatted(
                NOW,
                lastBackup,
                demoPreUpgrade == null
                    ? ""
                    : ", \"lastPreUpgradeBackup\": {\"jobId\": \"pre-1\", \"type\": \"full\", \"finishedAt\": \""
                        + demoPreUpgrade
                        + "\"}",
                lastBackup,
                NOW.minus(demoDrillAge),
                NOW.minus(Duration.ofDays(1))));
    return state;
  }

  private Result check(String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = "gate";
    command[1] = "check";
    System.arraycopy(args, 0, command, 2, args.length);
    return BulwarkProcess.run(dir, Map.of(), command);
  }

  @Test
  void openExitsZero() throws Exception {
    gateFile(Duration.ofDays(6), null);
    long started = System.nanoTime();
    Result result = check("--state", "state");
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("bulwark gate check took " + millis + " ms (process start included)");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).isEqualTo("gate open: 2 policies proven\n");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void blockedExitsOneWithOneReasonPerLineOnStderr() throws Exception {
    gateFile(Duration.ofDays(8), null);
    Result result = check("--state", "state");
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
    assertThat(result.stderr().lines())
        .containsExactly(
            "BackupPolicy demo: no restore drill succeeded in the last 7d (newest: weekly, 8d ago);"
                + " run `bulwark drill --drill weekly` and fix what it reports");

    Result other = check("--state", "state", "--policy", "other");
    assertThat(other.exitCode()).as("narrowed to the policy whose drill is recent").isZero();
    assertThat(other.stdout()).contains("only other");
  }

  @Test
  void aPreUpgradeSnapshotIsRequiredOnlyWhenAsked() throws Exception {
    gateFile(Duration.ofDays(1), null);
    Result missing = check("--state", "state", "--require-pre-upgrade", "--policy", "demo");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .contains("BackupPolicy demo: a pre-upgrade snapshot is required and there is none");

    gateFile(Duration.ofDays(1), NOW.minus(Duration.ofHours(30)).toString());
    Result old = check("--state", "state", "--require-pre-upgrade", "--policy", "demo");
    assertThat(old.exitCode()).isEqualTo(1);
    assertThat(old.stderr())
        .contains("the newest pre-upgrade snapshot pre-1 is 30h old (limit 24h)");

    gateFile(Duration.ofDays(1), NOW.minus(Duration.ofMinutes(20)).toString());
    assertThat(check("--state", "state", "--require-pre-upgrade", "--policy", "demo").exitCode())
        .isZero();
    assertThat(check("--state", "state", "--require-pre-upgrade").exitCode())
        .as("policy other has none")
        .isEqualTo(1);
  }

  @Test
  void jsonPrintsTheDecisionWithItsEvidence() throws Exception {
    gateFile(Duration.ofDays(8), null);
    Result result = check("--state", "state", "--json");
    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(result.stdout());
    assertThat(json.get("format_version").asInt()).isEqualTo(1);
    assertThat(json.get("open").asBoolean()).isFalse();
    assertThat(json.get("reasons")).hasSize(1);
    JsonNode demo = json.get("policies").get(0);
    assertThat(demo.get("name").asText()).isEqualTo("demo");
    assertThat(demo.get("proven_by").asText()).isEqualTo("weekly");
    assertThat(demo.get("proven_age_seconds").asLong())
        .isGreaterThanOrEqualTo(Duration.ofDays(8).getSeconds());
    assertThat(demo.get("last_backup_job_id").asText()).isEqualTo("20260302T075500Z-a1");
    assertThat(json.get("settings").get("drill_window").asText()).isEqualTo("PT168H");
  }

  @Test
  void windowsFromTheEnvironmentOverrideTheFile() throws Exception {
    gateFile(Duration.ofDays(8), null);
    Result result =
        BulwarkProcess.run(
            dir, Map.of("BULWARK_GATE_DRILL_WINDOW", "10d"), "gate", "check", "--state", "state");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    Result bad =
        BulwarkProcess.run(
            dir,
            Map.of("BULWARK_GATE_HEALTH_WINDOW", "a day"),
            "gate",
            "check",
            "--state",
            "state");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr()).contains("BULWARK_GATE_HEALTH_WINDOW: 'a day' is not a duration");
  }

  @Test
  void cannotDecideExitsTwo() throws Exception {
    Result noState = check("--state", "missing");
    assertThat(noState.exitCode()).isEqualTo(2);
    assertThat(noState.stderr()).contains("no state directory missing");

    Path state = Files.createDirectories(dir.resolve("state"));
    Result noFile = check("--state", "state");
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.stderr()).contains("gate.json").contains("bulwark run");

    Files.writeString(state.resolve("gate.json"), "{\"formatVersion\": 1, \"open\": tr");
    assertThat(check("--state", "state").exitCode()).as("unreadable").isEqualTo(2);

    Files.writeString(state.resolve("gate.json"), "{\"formatVersion\": 2, \"open\": true}");
    Result future = check("--state", "state");
    assertThat(future.exitCode()).isEqualTo(2);
    assertThat(future.stderr())
        .contains("has format_version 2; this Bulwark reads format_version 1");
  }

  @Test
  void aGateFileNoRuntimeKeptCurrentCannotDecide() throws Exception {
    Path state = gateFile(Duration.ofDays(8), null);
    Path file = state.resolve("gate.json");
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "\"evaluatedAt\": \"" + NOW + "\"",
                "\"evaluatedAt\": \""
                    // From the clock now, not NOW: the tests before this one may have run for
                    // minutes on a busy machine, and the age must be 20 minutes when checked.
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20))
                    + "\""));

    Result result = check("--state", "state");

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("cannot decide: the status is 20 minutes old")
        .doesNotContain("no restore drill");
    Result json = check("--state", "state", "--json");
    assertThat(json.exitCode()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(json.stdout()).get("verdict").asText())
        .isEqualTo("undecided");
    Result tolerant =
        BulwarkProcess.run(
            dir, Map.of("BULWARK_GATE_STALE_AFTER", "1h"), "gate", "check", "--state", "state");
    assertThat(tolerant.exitCode())
        .as("within BULWARK_GATE_STALE_AFTER the facts decide")
        .isEqualTo(1);
  }

  @Test
  void aDrillRunAfterTheFileWasWrittenCountsAtOnce() throws Exception {
    Path state = gateFile(Duration.ofDays(8), null);
    assertThat(check("--state", "state").exitCode()).isEqualTo(1);
    Path runs = Files.createDirectories(state.resolve("drills/weekly"));
    Instant ran = NOW.plusSeconds(1);
    Files.writeString(
        runs.resolve("20260302T080000Z-abcdef.json"),
        """
        {"run_id": "20260302T080000Z-abcdef", "drill": "weekly", "policy": "demo", "level": "L1",
         "trigger": "manual", "actor": "cli:ops", "state": "success", "started_at": "%s", "finished_at": "%s",
         "snapshot_job_id": "20260302T075500Z-a1b2c3", "validations": []}
        """
            .formatted(ran, ran));

    Result result = check("--state", "state");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void statusEndsWithTheGateLine() throws Exception {
    gateFile(Duration.ofDays(8), null);
    Result result = BulwarkProcess.run(dir, Map.of(), "status", "--state", "state");
    assertThat(result.stdout().lines())
        .containsSubsequence(
            "GATE   blocked",
            "  - BackupPolicy demo: no restore drill succeeded in the last 7d (newest: weekly, 8d ago);"
                + " run `bulwark drill --drill weekly` and fix what it reports");
  }
}
