package dev.bulwark.core.validation;

import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import java.util.ArrayList;
import java.util.List;

/**
 * What a policy with PersistentVolumeClaim sources asks of the runtime serving it. Only {@code
 * bulwark operator} on Kubernetes backs claims up, in Jobs whose pods have neither the operator's
 * directories nor its environment: such a policy needs a cloud target and its secrets from Secrets
 * of its namespace. The checks depend on the runtime, so they run where it is known (the
 * controller, the Job executor), not in {@link BackupPolicyValidator}.
 */
public final class ClaimSourceChecks {
  private ClaimSourceChecks() {}

  /** Whether {@code spec} names a claim. */
  public static boolean namesClaims(BackupPolicySpec spec) {
    return spec != null
        && spec.getSources() != null
        && spec.getSources().stream()
            .anyMatch(s -> s != null && s.getPersistentVolumeClaim() != null);
  }

  /**
   * The errors of {@code spec} on a runtime that is ({@code onKubernetes}) or is not Kubernetes;
   * none when it names no claim.
   *
   * @param environment the settings that resolve a target the spec leaves to the default
   */
  public static List<SpecProblem> forRuntime(
      BackupPolicySpec spec, boolean onKubernetes, Environment environment) {
    List<SpecProblem> problems = new ArrayList<>();
    if (!namesClaims(spec)) {
      return problems;
    }
    List<Source> sources = spec.getSources();
    if (!onKubernetes) {
      for (int i = 0; i < sources.size(); i++) {
        if (sources.get(i) != null && sources.get(i).getPersistentVolumeClaim() != null) {
          problems.add(
              SpecProblem.error(
                  "spec.sources[" + i + "].persistentVolumeClaim",
                  "claims are backed up only by `bulwark operator` on Kubernetes, in Jobs that mount"
                      + " them; in compose mode name the directory with path"));
        }
      }
      return problems;
    }
    TargetProvider target = spec.getTarget();
    if (target == null) {
      try {
        target = environment.targetDefault().orElse(null);
      } catch (IllegalArgumentException e) {
        target = null; // the validator reports a broken default
      }
    }
    if (target == TargetProvider.LOCAL) {
      problems.add(
          SpecProblem.error(
              "spec.target",
              "local cannot be written by a backup Job's pod (the operator's directory is not"
                  + " mounted there); a policy with persistentVolumeClaim sources needs s3 or oss"));
    }
    boolean credentials =
        spec.getCredentialsSecret() != null && !spec.getCredentialsSecret().isBlank();
    if (spec.getEncryption() != null) {
      secretRef(
          "spec.encryption.keyFrom", spec.getEncryption().getKeyFrom(), credentials, problems);
    }
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      if (source != null && source.getPostgres() != null) {
        secretRef(
            "spec.sources[" + i + "].postgres.passwordFrom",
            source.getPostgres().getPasswordFrom(),
            credentials,
            problems);
      }
    }
    return problems;
  }

  private static void secretRef(
      String field, SecretRef ref, boolean credentials, List<SpecProblem> problems) {
    if (ref == null || ref.getSecret() != null) {
      return;
    }
    if (ref.getFile() != null) {
      problems.add(
          SpecProblem.error(
              field + ".file",
              "a backup Job's pod cannot read a file of the operator's pod; refer to a Secret of"
                  + " the namespace with secret: {name, key}"));
    } else if (ref.getEnv() != null && !credentials) {
      problems.add(
          SpecProblem.error(
              field + ".env",
              "a backup Job's pod has none of the operator's environment; refer to a Secret with"
                  + " secret: {name, key}, or put "
                  + ref.getEnv()
                  + " in the Secret that spec.credentialsSecret names"));
    }
  }
}
