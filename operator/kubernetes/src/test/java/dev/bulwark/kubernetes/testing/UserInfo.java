package dev.bulwark.kubernetes.testing;

import java.util.List;

/**
 * Who sent a request, as the API server's authenticator says: a user name and its groups.
 *
 * @param name e.g. {@code system:serviceaccount:bulwark-system:bulwark-operator}
 * @param groups e.g. {@code system:serviceaccounts}, {@code system:authenticated}
 */
public record UserInfo(String name, List<String> groups) {
  /** The group the API server lets do anything, without consulting RBAC. */
  public static final String SUPERUSER_GROUP = "system:masters";

  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  public UserInfo {
    groups = List.copyOf(groups);
  }

  /** A ServiceAccount's identity, with the groups the token authenticator gives it. */
  public static UserInfo serviceAccount(String namespace, String name) {
    return new UserInfo(
        SERVICE_ACCOUNT_PREFIX + namespace + ":" + name,
        List.of(
            "system:serviceaccounts",
            "system:serviceaccounts:" + namespace,
            "system:authenticated"));
  }

  /**
   * The tests' own identity: a cluster administrator, as {@code kubectl} with an admin kubeconfig.
   */
  public static UserInfo clusterAdmin() {
    return new UserInfo("testing-admin", List.of(SUPERUSER_GROUP, "system:authenticated"));
  }

  /** True for members of {@link #SUPERUSER_GROUP}. */
  public boolean isSuperuser() {
    return groups.contains(SUPERUSER_GROUP);
  }
}
