package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.BulwarkProcess.Result;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R7 through the real executable: a job writes to exactly one target; when that target is down the
 * job fails with the reason and nothing is written anywhere else, unless single-target enforcement
 * is explicitly off, and then the switch is loud and labelled.
 */
class SingleTargetIT {
  private static final String SECRET = "sUp3r-s3cret-d0-not-print";
  @TempDir Path work;
  private int closedPort;

  @BeforeEach
  void data() throws Exception {
    Files.createDirectories(work.resolve("data"));
    Files.writeString(work.resolve("data/profile.json"), "{\"schema_version\": 1}\n");
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  @Test
  void aDownTargetFailsTheJobAndNothingIsWrittenElsewhere() throws Exception {
    policy("");
    Result result = bulwark(Map.of(), "backup", "--policy", "profiles");
    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
    assertThat(result.stderr()).contains("profiles-bucket").doesNotContain(SECRET);
    assertThat(work.resolve("state/repository")).doesNotExist();
  }

  @Test
  void aFallbackIsRefusedWhileSingleTargetIsEnforced() throws Exception {
    policy("  fallbackTarget: local\n");
    Result result = bulwark(Map.of(), "backup", "--policy", "profiles");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("spec.fallbackTarget")
        .contains("BACKUP_SINGLE_TARGET_ENFORCED=0");
    assertThat(work.resolve("state/repository")).doesNotExist();
  }

  @Test
  void withEnforcementOffTheSwitchIsLoudAndLabelled() throws Exception {
    policy("  fallbackTarget: local\n");
    Map<String, String> env = Map.of("BACKUP_SINGLE_TARGET_ENFORCED", "0");
    Result result = bulwark(env, "backup", "--policy", "profiles");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr())
        .contains("ALERT TargetSwitched")
        .contains("fallback local")
        .doesNotContain(SECRET);
    Result listed =
        bulwark(env, "snapshots", "--policy", "profiles", "--target", "local", "--json");
    assertThat(listed.stdout()).contains("fallback-from-s3");
  }

  private void policy(String extra) throws Exception {
    Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        work.resolve("policies/profiles.yaml"),
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: profiles}
        spec:
          env: test
          target: s3
          targets:
            s3: {bucket: profiles-bucket, region: us-east-1, endpoint: "http://127.0.0.1:%d", pathStyle: true}
          sources: [{path: ../data, domain: student_profiles, priority: P0}]
        %s"""
            .formatted(closedPort, extra));
  }

  private Result bulwark(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--policies",
            work.resolve("policies").toString(),
            "--state",
            work.resolve("state").toString()));
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("AWS_ACCESS_KEY_ID", "AKIATESTTESTTEST");
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    return BulwarkProcess.run(work, env, all.toArray(String[]::new));
  }
}
