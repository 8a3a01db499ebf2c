package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.validation.BucketNames;
import dev.bulwark.targets.oss.OssTargetConfig;
import dev.bulwark.targets.s3.S3TargetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code bulwark validate} and the targets a job opens agree on every bucket name (issue 17:
 * validate accepted the OSS bucket {@code b9}, which every job then rejected). This module is the
 * only one that sees both the validator's rule (core) and the targets' (cloud-targets).
 */
class BucketNameRulesTest {
  private static final Map<String, String> S3_ENV =
      Map.of(
          "S3_REGION",
          "us-east-1",
          "AWS_ACCESS_KEY_ID",
          "AKIATEST",
          "AWS_SECRET_ACCESS_KEY",
          "secret");
  private static final Map<String, String> OSS_ENV =
      Map.of(
          "OSS_ENDPOINT", "https://oss-cn-hangzhou.aliyuncs.com",
          "OSS_ACCESS_KEY_ID", "LTAITEST",
          "OSS_ACCESS_KEY_SECRET", "secret");

  @Test
  void validateAcceptsExactlyTheBucketNamesTheTargetsAccept() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "b9",
                "b",
                "abc",
                "ab",
                "school-backups",
                "exam.backups",
                "exam..backups",
                "-backups",
                "backups-",
                ".backups",
                "Backups",
                "back_ups",
                "back ups",
                "a".repeat(63),
                "a".repeat(64),
                "1234",
                "xn--bucket",
                "bucket.",
                "a-b",
                "bücket",
                "192.168.5.4"));
    Random random = new Random(17); // fixed seed: the same names on every run
    String alphabet = "abcz09.-_A";
    for (int i = 0; i < 500; i++) {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(8);
      for (int j = 0; j < length; j++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      names.add(name.toString());
    }
    for (String name : names) {
      assertThat(BucketNames.s3Problem(name).isEmpty())
          .as("S3 bucket '%s'", name)
          .isEqualTo(s3Accepts(name));
      assertThat(BucketNames.ossProblem(name).isEmpty())
          .as("OSS bucket '%s'", name)
          .isEqualTo(ossAccepts(name));
    }
    assertThat(ossAccepts("b9")).isFalse();
    assertThat(BucketNames.ossProblem("b9")).isPresent();
  }

  private static boolean s3Accepts(String bucket) {
    try {
      S3TargetConfig.builder().bucket(bucket).build(S3_ENV);
      return true;
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).as(bucket).contains("bucket name");
      return false;
    }
  }

  private static boolean ossAccepts(String bucket) {
    try {
      OssTargetConfig.builder().bucket(bucket).build(OSS_ENV);
      return true;
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).as(bucket).contains("bucket name");
      return false;
    }
  }
}
