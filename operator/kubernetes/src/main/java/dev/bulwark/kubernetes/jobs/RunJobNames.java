package dev.bulwark.kubernetes.jobs;

import dev.bulwark.core.runs.RunKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The names and labels of the Jobs Bulwark creates, so that {@code kubectl get jobs -l
 * bulwark.dev/policy=exams} lists a policy's backups and a fresh operator finds them again.
 *
 * <p>A Job is named {@code bulwark-<kind>-<owner>-<run id>}, at most 63 characters (its pods carry
 * the name in a label, whose values stop there): a long owner name is cut and given a hash. Label
 * values follow the same rule.
 */
final class RunJobNames {
  /** Marks every Job this operator manages; its informer watches only these. */
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The value of {@link #MANAGED_BY}. */
  static final String OPERATOR = "bulwark-operator";

  /** {@code backup} or {@code drill}. */
  static final String RUN_KIND = "bulwark.dev/run-kind";

  /** The run's id (the job id of a backup, which becomes its snapshot's id). */
  static final String RUN_ID = "bulwark.dev/run-id";

  /** The owner's name in full, as an annotation (label values are cut at 63 characters). */
  static final String OWNER_ANNOTATION = "bulwark.dev/owner";

  private static final int NAME_LIMIT = 63;

  private RunJobNames() {}

  /** The label naming the owner: {@code bulwark.dev/policy} or {@code bulwark.dev/drill}. */
  static String ownerLabel(String kind) {
    return kind.equals("backup") ? "bulwark.dev/policy" : "bulwark.dev/" + kind;
  }

  /** The Job of run {@code runId} of {@code key}. */
  static String jobName(String kind, RunKey key, String runId) {
    String suffix = "-" + runId.toLowerCase(Locale.ROOT);
    String prefix = "bulwark-" + kind + "-";
    return prefix + cut(key.owner(), NAME_LIMIT - prefix.length() - suffix.length()) + suffix;
  }

  /** The labels of such a Job (and of its pods). */
  static Map<String, String> labels(String kind, RunKey key, String runId) {
    return Map.of(
        MANAGED_BY,
        OPERATOR,
        RUN_KIND,
        kind,
        ownerLabel(kind),
        labelValue(key.owner()),
        RUN_ID,
        runId);
  }

  /** The selector of the Jobs of {@code key}. */
  static Map<String, String> selector(String kind, RunKey key) {
    return Map.of(MANAGED_BY, OPERATOR, RUN_KIND, kind, ownerLabel(kind), labelValue(key.owner()));
  }

  /** {@code name}, or when longer than a label value may be, its cut form with a hash. */
  static String labelValue(String name) {
    return cut(name, NAME_LIMIT);
  }

  private static String cut(String name, int limit) {
    if (name.length() <= limit) {
      return name;
    }
    String hash = sha256(name).substring(0, 8);
    return name.substring(0, limit - hash.length() - 1).replaceAll("[-.]+$", "") + "-" + hash;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
