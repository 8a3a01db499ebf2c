package dev.bulwark.kubernetes.jobs;

import dev.bulwark.core.Environment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the operator makes its Jobs, from its own environment: the image their pods run ({@code
 * BULWARK_JOB_IMAGE}, the operator's own image in the shipped Deployment), how long a finished Job
 * stays for {@code kubectl} ({@code BULWARK_JOB_TTL_SECONDS}, default one hour; the operator has
 * recorded it by then), the user its pod runs as ({@code BULWARK_JOB_RUN_AS_USER}, default 10001,
 * the image's), and the settings (never credentials) the pod needs to resolve a policy's target the
 * way the operator does.
 *
 * @param image the image of every Job's pod
 * @param ttlSeconds {@code ttlSecondsAfterFinished} of every Job
 * @param runAsUser the pod's user
 * @param settings the R12 settings copied into the pod's environment, by name
 */
record RunJobSettings(String image, int ttlSeconds, long runAsUser, Map<String, String> settings) {
  static final String IMAGE_VARIABLE = "BULWARK_JOB_IMAGE";
  static final String TTL_SECONDS_VARIABLE = "BULWARK_JOB_TTL_SECONDS";
  static final String RUN_AS_USER_VARIABLE = "BULWARK_JOB_RUN_AS_USER";
  static final String DEFAULT_IMAGE = "bulwark:latest";

  /**
   * Settings a pod resolves targets and retention with. None is a credential: credentials reach
   * pods only from Secrets, by reference.
   */
  private static final List<String> COPIED =
      List.of(
          Environment.BACKUP_TARGET_DEFAULT,
          Environment.BACKUP_NAMESPACE,
          Environment.BACKUP_SINGLE_TARGET_ENFORCED,
          Environment.BACKUP_HOT_DAYS,
          Environment.BACKUP_COLD_DAYS,
          Environment.S3_BUCKET,
          Environment.S3_REGION,
          Environment.S3_ENDPOINT,
          Environment.OSS_BUCKET,
          Environment.OSS_ENDPOINT);

  RunJobSettings {
    settings = Map.copyOf(settings);
  }

  /** The settings of an operator whose environment is {@code env}. */
  static RunJobSettings from(Map<String, String> env) {
    Map<String, String> copied = new LinkedHashMap<>();
    for (String name : COPIED) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        copied.put(name, value);
      }
    }
    return new RunJobSettings(
        env.getOrDefault(IMAGE_VARIABLE, DEFAULT_IMAGE).isBlank()
            ? DEFAULT_IMAGE
            : env.getOrDefault(IMAGE_VARIABLE, DEFAULT_IMAGE),
        positive(env, TTL_SECONDS_VARIABLE, 3600),
        positive(env, RUN_AS_USER_VARIABLE, 10001),
        copied);
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + "='" + value + "' is not a number of seconds or a user id (expected 0 or more)");
  }
}
