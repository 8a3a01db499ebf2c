package dev.bulwark.kubernetes.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.testing.TestingResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a policy is rewritten for a Job's pod, and what no pod could run. */
class PodPolicyTest {
  private final Environment environment = Environment.of(Map.of());

  @Test
  void claimsBecomePathsAtTheirReadOnlyMountsAndTheResourceStaysAsItWas() throws Exception {
    BackupPolicy policy = policy();
    policy
        .getSpec()
        .setSources(new ArrayList<>(List.of(claim("exams", "2026/"), claim("exams", null))));

    PodPolicy pod = PodPolicy.of(policy, environment);

    assertThat(pod.policy().getSpec().getSources())
        .extracting(Source::getPath)
        .containsExactly("/volumes/exams/2026", "/volumes/exams");
    assertThat(pod.volumes()).as("one volume per claim").hasSize(1);
    assertThat(pod.mounts()).singleElement().satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(pod.claims()).containsExactly("exams");
    assertThat(policy.getSpec().getSources().get(0).getPath()).isNull();
    assertThat(policy.getSpec().getSources().get(0).getPersistentVolumeClaim()).isNotNull();
  }

  @Test
  void aLocalTargetIsRefusedWithTheFieldAndTheFix() {
    BackupPolicy policy = policy();
    policy.getSpec().setTarget(TargetProvider.LOCAL);

    assertThatThrownBy(() -> PodPolicy.of(policy, environment))
        .isInstanceOf(PodSpecException.class)
        .hasMessageStartingWith("spec.target: local cannot be written by a backup Job's pod")
        .hasMessageContaining("needs s3 or oss");
  }

  @Test
  void aKeyFromAFileOfTheOperatorsPodIsRefused() {
    BackupPolicy policy = policy();
    SecretRef file = new SecretRef();
    file.setFile("/etc/bulwark/key");
    Encryption encryption = new Encryption();
    encryption.setKeyFrom(file);
    policy.getSpec().setEncryption(encryption);

    assertThatThrownBy(() -> PodPolicy.of(policy, environment))
        .hasMessageStartingWith(
            "spec.encryption.keyFrom.file: a backup Job's pod cannot read a file");
  }

  @Test
  void aKeyFromAnEnvironmentVariableNeedsTheCredentialsSecret() throws Exception {
    BackupPolicy policy = policy();
    SecretRef env = new SecretRef();
    env.setEnv("BULWARK_ENCRYPTION_KEY");
    Encryption encryption = new Encryption();
    encryption.setKeyFrom(env);
    policy.getSpec().setEncryption(encryption);

    assertThatThrownBy(() -> PodPolicy.of(policy, environment))
        .hasMessageContaining("spec.encryption.keyFrom.env")
        .hasMessageContaining("spec.credentialsSecret");

    policy.getSpec().setCredentialsSecret("backup-credentials");
    PodPolicy pod = PodPolicy.of(policy, environment);
    assertThat(pod.policy().getSpec().getEncryption().getKeyFrom().getEnv())
        .isEqualTo("BULWARK_ENCRYPTION_KEY");
    assertThat(pod.credentialsSecret()).contains("backup-credentials");
  }

  @Test
  void jobNamesAndLabelsStayWithinSixtyThreeCharactersAndApart() {
    String longer = "exams-of-the-faculty-of-mathematics-and-natural-sciences-2026-final";
    String other = "exams-of-the-faculty-of-mathematics-and-natural-sciences-2026-draft";
    RunKey a = RunKey.of("team-a", longer);
    RunKey b = RunKey.of("team-a", other);

    String nameA = RunJobNames.jobName("backup", a, "20261205T074903Z-df9346");
    String nameB = RunJobNames.jobName("backup", b, "20261205T074903Z-df9346");

    assertThat(nameA).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(nameA).isNotEqualTo(nameB).endsWith("-20261205t074903z-df9346");
    assertThat(RunJobNames.labelValue(longer)).hasSizeLessThanOrEqualTo(63);
    assertThat(RunJobNames.labelValue(longer)).isNotEqualTo(RunJobNames.labelValue(other));
  }

  private static BackupPolicy policy() {
    BackupPolicy policy = TestingResources.backupPolicy("exams");
    policy.getSpec().setTarget(TargetProvider.S3);
    policy.getSpec().setSources(new ArrayList<>(List.of(claim("exams", null))));
    return policy;
  }

  private static Source claim(String name, String subPath) {
    ClaimSource claim = new ClaimSource();
    claim.setClaimName(name);
    claim.setSubPath(subPath);
    Source source = new Source();
    source.setPersistentVolumeClaim(claim);
    source.setDomain("serving");
    return source;
  }
}
