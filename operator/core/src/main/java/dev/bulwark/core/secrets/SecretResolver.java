package dev.bulwark.core.secrets;

import dev.bulwark.api.common.SecretRef;
import java.util.Optional;

/**
 * Reads the value a {@link SecretRef} points to, when a job needs it (never earlier, so a secret is
 * held in memory only while it is used). Values must never reach logs, statuses or messages: errors
 * name the reference, not its content.
 */
@FunctionalInterface
public interface SecretResolver {

  /**
   * The secret's value.
   *
   * @param ref where it comes from
   * @param namespace the namespace of the resource that refers to it (Kubernetes); empty in compose
   *     mode
   * @param field the reference's place in the spec, for messages (e.g. {@code
   *     spec.encryption.keyFrom})
   * @throws SecretUnavailableException when it cannot be read; the message names the reference
   */
  String resolve(SecretRef ref, Optional<String> namespace, String field)
      throws SecretUnavailableException;
}
