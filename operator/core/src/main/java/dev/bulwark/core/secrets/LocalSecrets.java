package dev.bulwark.core.secrets;

import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Secrets from the process itself: an environment variable, or a file (a mounted Kubernetes Secret,
 * a Docker secret). A reference to a Kubernetes Secret by name needs the API, so only {@code
 * bulwark operator} reads those ({@code KubernetesSecrets}); here it is an error that says so.
 */
public final class LocalSecrets implements SecretResolver {
  private final Environment environment;

  /** Secrets from {@code environment} and the file system. */
  public LocalSecrets(Environment environment) {
    this.environment = environment;
  }

  @Override
  public String resolve(SecretRef ref, Optional<String> namespace, String field)
      throws SecretUnavailableException {
    if (ref == null) {
      throw new SecretUnavailableException(field + " is not set");
    }
    if (ref.getFile() != null && !ref.getFile().isBlank()) {
      Path file = Path.of(ref.getFile());
      try {
        // A mounted secret usually ends with a newline that is not part of the secret.
        return Files.readString(file).strip();
      } catch (IOException | RuntimeException e) {
        throw new SecretUnavailableException(
            field + ".file " + file + " cannot be read: " + e.getClass().getSimpleName());
      }
    }
    if (ref.getEnv() != null && !ref.getEnv().isBlank()) {
      return environment
          .get(ref.getEnv())
          .orElseThrow(
              () ->
                  new SecretUnavailableException(
                      field
                          + ".env names "
                          + ref.getEnv()
                          + ", which is not set in the environment of this process"));
    }
    if (ref.getSecret() != null) {
      throw new SecretUnavailableException(
          field
              + ".secret names Kubernetes Secret "
              + ref.getSecret().getName()
              + ", which only `bulwark operator` reads (through the API); in compose mode use env or file");
    }
    throw new SecretUnavailableException(field + " names none of env, file and secret");
  }
}
