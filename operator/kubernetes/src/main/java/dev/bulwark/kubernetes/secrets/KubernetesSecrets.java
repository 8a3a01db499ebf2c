package dev.bulwark.kubernetes.secrets;

import dev.bulwark.api.common.SecretKeyRef;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.secrets.SecretResolver;
import dev.bulwark.core.secrets.SecretUnavailableException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Secrets by reference on a cluster: {@code secret: {name, key}} is read with one GET of that
 * Secret in the namespace of the resource that refers to it (never another namespace, so a policy
 * cannot read a neighbour's Secret), when a job needs it. Environment variables and files are left
 * to {@code fallback}. Nothing is cached: a rotated Secret is used by the next job.
 */
public final class KubernetesSecrets implements SecretResolver {
  private final KubernetesClient client;
  private final SecretResolver fallback;

  /** Reads Secrets through {@code client}; env and file references through {@code fallback}. */
  public KubernetesSecrets(KubernetesClient client, SecretResolver fallback) {
    this.client = client;
    this.fallback = fallback;
  }

  @Override
  public String resolve(SecretRef ref, Optional<String> namespace, String field)
      throws SecretUnavailableException {
    if (ref == null || ref.getSecret() == null) {
      return fallback.resolve(ref, namespace, field);
    }
    SecretKeyRef key = ref.getSecret();
    String where = "Secret " + namespace.map(ns -> ns + "/").orElse("") + key.getName();
    if (namespace.isEmpty()) {
      throw new SecretUnavailableException(
          field + ".secret: " + where + " has no namespace to be read from");
    }
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace.get()).withName(key.getName()).get();
    } catch (KubernetesClientException e) {
      throw new SecretUnavailableException(
          field
              + ".secret: "
              + where
              + " cannot be read (HTTP "
              + e.getCode()
              + (e.getCode() == 403 ? ": the operator's RBAC must allow get on secrets" : "")
              + ")");
    }
    if (secret == null) {
      throw new SecretUnavailableException(field + ".secret: " + where + " does not exist");
    }
    if (secret.getData() != null && secret.getData().containsKey(key.getKey())) {
      try {
        return new String(
                Base64.getDecoder().decode(secret.getData().get(key.getKey())),
                StandardCharsets.UTF_8)
            .strip();
      } catch (IllegalArgumentException e) {
        throw new SecretUnavailableException(
            field + ".secret: key " + key.getKey() + " of " + where + " is not base64");
      }
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key.getKey())) {
      return secret.getStringData().get(key.getKey()).strip();
    }
    throw new SecretUnavailableException(
        field + ".secret: " + where + " has no key " + key.getKey());
  }
}
