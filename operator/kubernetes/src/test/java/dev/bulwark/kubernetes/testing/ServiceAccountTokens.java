package dev.bulwark.kubernetes.testing;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The stand-in's authenticator: a bearer token is either the administrator's or names a
 * ServiceAccount, which must exist when the request arrives (as bound tokens are checked against
 * their ServiceAccount). Every namespace's {@code default} account exists, as the ServiceAccount
 * controller makes it.
 */
final class ServiceAccountTokens {
  /** The tests' own token, a member of system:masters. */
  static final String ADMIN_TOKEN = "testing-admin-token";

  private static final String PREFIX = "testing-serviceaccount:";

  private final Predicate<String> objectExists;

  /**
   * @param objectExists whether the API object at this path is stored
   */
  ServiceAccountTokens(Predicate<String> objectExists) {
    this.objectExists = objectExists;
  }

  /** The token a pod of this ServiceAccount would get. */
  static String tokenFor(String namespace, String serviceAccount) {
    return PREFIX + namespace + ":" + serviceAccount;
  }

  /** The user an {@code Authorization} header authenticates, if any. */
  Optional<UserInfo> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Optional.empty();
    }
    String token = authorization.substring("Bearer ".length()).strip();
    if (token.equals(ADMIN_TOKEN)) {
      return Optional.of(UserInfo.clusterAdmin());
    }
    if (!token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = token.substring(PREFIX.length()).split(":", 2);
    if (parts.length != 2) {
      return Optional.empty();
    }
    boolean exists =
        parts[1].equals("default")
            || objectExists.test("/api/v1/namespaces/" + parts[0] + "/serviceaccounts/" + parts[1]);
    return exists ? Optional.of(UserInfo.serviceAccount(parts[0], parts[1])) : Optional.empty();
  }
}
