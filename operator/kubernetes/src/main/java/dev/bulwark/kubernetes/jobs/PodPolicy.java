package dev.bulwark.kubernetes.jobs;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import dev.bulwark.core.reconcile.StatusCopies;
import dev.bulwark.core.validation.ClaimSourceChecks;
import dev.bulwark.core.validation.SpecProblem;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BackupPolicy as a Job's pod sees it. Each PersistentVolumeClaim source becomes a {@code path}
 * source at the claim's read-only mount ({@value #VOLUMES}{@code /<claim>/<subPath>}), and each
 * {@code secret: {name, key}} reference becomes {@code env: BULWARK_SECRET_<n>}, a variable the Job
 * fills from that Secret: the Job spec names Secrets and never holds a secret's value.
 *
 * <p>What the pod cannot have ({@link ClaimSourceChecks}: a local target, a {@code file} reference,
 * an {@code env} reference without {@code spec.credentialsSecret}) is refused before any Job
 * exists, with the field and the fix.
 */
final class PodPolicy {
  /** Where claims are mounted in the pod: {@code /volumes/<claimName>}. */
  static final String VOLUMES = "/volumes";

  private static final String SECRET_VARIABLE = "BULWARK_SECRET_";

  private final BackupPolicy policy;
  private final List<Volume> volumes;
  private final List<VolumeMount> mounts;
  private final List<EnvVar> secretVariables;
  private final List<String> claims;

  private PodPolicy(
      BackupPolicy policy,
      List<Volume> volumes,
      List<VolumeMount> mounts,
      List<EnvVar> secretVariables,
      List<String> claims) {
    this.policy = policy;
    this.volumes = volumes;
    this.mounts = mounts;
    this.secretVariables = secretVariables;
    this.claims = claims;
  }

  /** Whether {@code policy} names a claim, so that its runs must be Jobs. */
  static boolean namesClaims(BackupPolicy policy) {
    return ClaimSourceChecks.namesClaims(policy.getSpec());
  }

  /**
   * The pod's view of {@code policy}; {@code policy} itself is not changed.
   *
   * @param environment the operator's settings, for the target a policy leaves to the default
   * @throws PodSpecException when the pod could not run it (the message names the field)
   */
  static PodPolicy of(BackupPolicy policy, Environment environment) throws PodSpecException {
    List<SpecProblem> problems =
        ClaimSourceChecks.forRuntime(policy.getSpec(), true, environment).stream()
            .filter(p -> p.severity() == SpecProblem.Severity.ERROR)
            .toList();
    if (!problems.isEmpty()) {
      throw new PodSpecException(problems.get(0).field() + ": " + problems.get(0).message());
    }
    BackupPolicySpec spec = StatusCopies.copyOf(policy.getSpec(), BackupPolicySpec::new);
    Map<String, Volume> volumes = new LinkedHashMap<>();
    Map<String, VolumeMount> mounts = new LinkedHashMap<>();
    List<Source> sources = spec.getSources() == null ? List.of() : spec.getSources();
    for (Source source : sources) {
      ClaimSource claim = source == null ? null : source.getPersistentVolumeClaim();
      if (claim == null) {
        continue;
      }
      String volume = "claim-" + volumes.size();
      boolean mounted =
          volumes.values().stream()
              .anyMatch(
                  v -> v.getPersistentVolumeClaim().getClaimName().equals(claim.getClaimName()));
      if (!mounted) {
        volumes.put(
            volume,
            new VolumeBuilder()
                .withName(volume)
                .withNewPersistentVolumeClaim()
                .withClaimName(claim.getClaimName())
                .withReadOnly(true)
                .endPersistentVolumeClaim()
                .build());
        mounts.put(
            volume,
            new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(VOLUMES + "/" + claim.getClaimName())
                .withReadOnly(true)
                .build());
      }
      String subPath = claim.getSubPath() == null ? "" : claim.getSubPath().replaceAll("/+$", "");
      source.setPath(
          VOLUMES + "/" + claim.getClaimName() + (subPath.isEmpty() ? "" : "/" + subPath));
      source.setPersistentVolumeClaim(null);
    }
    List<EnvVar> variables = new ArrayList<>();
    if (spec.getEncryption() != null) {
      spec.getEncryption().setKeyFrom(forPod(spec.getEncryption().getKeyFrom(), variables));
    }
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      if (source != null && source.getPostgres() != null) {
        source
            .getPostgres()
            .setPasswordFrom(forPod(source.getPostgres().getPasswordFrom(), variables));
      }
    }
    BackupPolicy copy = new BackupPolicy();
    copy.setRef(policy.getRef());
    copy.setAnnotations(policy.getAnnotations());
    copy.setSpec(spec);
    List<String> claims =
        volumes.values().stream().map(v -> v.getPersistentVolumeClaim().getClaimName()).toList();
    return new PodPolicy(
        copy, List.copyOf(volumes.values()), List.copyOf(mounts.values()), variables, claims);
  }

  private static SecretRef forPod(SecretRef ref, List<EnvVar> variables) {
    if (ref == null) {
      return null;
    }
    if (ref.getSecret() != null) {
      String name = SECRET_VARIABLE + variables.size();
      variables.add(
          new EnvVarBuilder()
              .withName(name)
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(ref.getSecret().getName())
              .withKey(ref.getSecret().getKey())
              .endSecretKeyRef()
              .endValueFrom()
              .build());
      SecretRef env = new SecretRef();
      env.setEnv(name);
      return env;
    }
    return ref;
  }

  /**
   * The same policy for a pod that mounts no claim: a drill restores from the repository alone, so
   * a ReadWriteOnce claim in use never keeps it from running.
   */
  PodPolicy withoutClaims() {
    return new PodPolicy(policy, List.of(), List.of(), secretVariables, List.of());
  }

  /** The policy the pod runs. */
  BackupPolicy policy() {
    return policy;
  }

  /** One read-only claim volume per claim named. */
  List<Volume> volumes() {
    return volumes;
  }

  /** Their mounts under {@value #VOLUMES}. */
  List<VolumeMount> mounts() {
    return mounts;
  }

  /** The variables filled from Secrets by reference. */
  List<EnvVar> secretVariables() {
    return secretVariables;
  }

  /** The claims the pod mounts. */
  List<String> claims() {
    return claims;
  }

  /** The Secret whose keys become the pod's environment, if the policy names one. */
  Optional<String> credentialsSecret() {
    return Optional.ofNullable(policy.getSpec().getCredentialsSecret()).filter(s -> !s.isBlank());
  }
}
