package dev.bulwark.kubernetes.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.common.SecretKeyRef;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.core.secrets.SecretUnavailableException;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesSecretsTest {
  private static final String VALUE = "s3cr3t-pg-password";

  KubernetesClient client;
  private KubernetesSecrets secrets;

  @BeforeEach
  void aSecretInTeamA() {
    client
        .secrets()
        .inNamespace("team-a")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .addToData(
                    "password",
                    Base64.getEncoder()
                        .encodeToString((VALUE + "\n").getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    secrets =
        new KubernetesSecrets(
            client, new LocalSecrets(Environment.of(Map.of("PGPASSWORD", "from-env"))));
  }

  private static SecretRef secret(String name, String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(name);
    ref.setKey(key);
    SecretRef secretRef = new SecretRef();
    secretRef.setSecret(ref);
    return secretRef;
  }

  @Test
  void readsTheKeyOfTheSecretInTheResourcesNamespace() throws Exception {
    assertThat(secrets.resolve(secret("db", "password"), Optional.of("team-a"), "spec.x"))
        .isEqualTo(VALUE);
  }

  @Test
  void neverReadsAnotherNamespacesSecret() {
    assertThatThrownBy(
            () -> secrets.resolve(secret("db", "password"), Optional.of("team-b"), "spec.x"))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("spec.x.secret: Secret team-b/db does not exist");
  }

  @Test
  void aMissingKeyIsNamedAndTheValueNeverAppears() {
    assertThatThrownBy(
            () ->
                secrets.resolve(
                    secret("db", "pass"),
                    Optional.of("team-a"),
                    "spec.sources[0].postgres.passwordFrom"))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage(
            "spec.sources[0].postgres.passwordFrom.secret: Secret team-a/db has no key pass")
        .hasMessageNotContaining(VALUE);
  }

  @Test
  void envAndFileReferencesGoToTheProcessEnvironment() throws Exception {
    SecretRef env = new SecretRef();
    env.setEnv("PGPASSWORD");
    assertThat(secrets.resolve(env, Optional.of("team-a"), "spec.x")).isEqualTo("from-env");
  }

  @Test
  void composeModeSaysThatOnlyTheOperatorReadsSecretsByName() {
    assertThatThrownBy(
            () ->
                new LocalSecrets(Environment.of(Map.of()))
                    .resolve(secret("db", "password"), Optional.empty(), "spec.encryption.keyFrom"))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessageContaining("only `bulwark operator` reads");
  }
}
