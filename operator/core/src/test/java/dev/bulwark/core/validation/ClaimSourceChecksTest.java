package dev.bulwark.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import dev.bulwark.core.testing.TestingResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a policy that names a claim asks of the runtime serving it. */
class ClaimSourceChecksTest {
  private final BackupPolicy policy = TestingResources.backupPolicy("exams");

  @Test
  void composeModeRefusesEachClaimWithTheFix() {
    policy.getSpec().getSources().add(claim());

    assertThat(ClaimSourceChecks.forRuntime(policy.getSpec(), false, Environment.of(Map.of())))
        .containsExactly(
            SpecProblem.error(
                "spec.sources[1].persistentVolumeClaim",
                "claims are backed up only by `bulwark operator` on Kubernetes, in Jobs that mount"
                    + " them; in compose mode name the directory with path"));
  }

  @Test
  void onKubernetesAClaimPolicyNeedsACloudTargetEvenByDefault() {
    policy.getSpec().setSources(new ArrayList<>(List.of(claim())));
    policy.getSpec().setTarget(null);

    assertThat(
            ClaimSourceChecks.forRuntime(
                policy.getSpec(), true, Environment.of(Map.of("BACKUP_TARGET_DEFAULT", "local"))))
        .extracting(SpecProblem::field)
        .containsExactly("spec.target");
    assertThat(
            ClaimSourceChecks.forRuntime(
                policy.getSpec(), true, Environment.of(Map.of("BACKUP_TARGET_DEFAULT", "s3"))))
        .isEmpty();
  }

  @Test
  void onKubernetesAPasswordFromTheOperatorsFileIsRefused() {
    PostgresSource postgres = new PostgresSource();
    postgres.setDatabase("app");
    SecretRef file = new SecretRef();
    file.setFile("/run/secrets/pg");
    postgres.setPasswordFrom(file);
    Source database = new Source();
    database.setPostgres(postgres);
    database.setDomain("raw");
    policy.getSpec().setSources(new ArrayList<>(List.of(claim(), database)));
    policy.getSpec().setTarget(TargetProvider.S3);

    assertThat(ClaimSourceChecks.forRuntime(policy.getSpec(), true, Environment.of(Map.of())))
        .extracting(SpecProblem::field)
        .containsExactly("spec.sources[1].postgres.passwordFrom.file");
  }

  @Test
  void aPolicyWithoutClaimsIsNoneOfTheirBusiness() {
    assertThat(ClaimSourceChecks.forRuntime(policy.getSpec(), false, Environment.of(Map.of())))
        .isEmpty();
    assertThat(ClaimSourceChecks.forRuntime(policy.getSpec(), true, Environment.of(Map.of())))
        .isEmpty();
  }

  private static Source claim() {
    ClaimSource claim = new ClaimSource();
    claim.setClaimName("exams");
    Source source = new Source();
    source.setPersistentVolumeClaim(claim);
    source.setDomain("serving");
    return source;
  }
}
