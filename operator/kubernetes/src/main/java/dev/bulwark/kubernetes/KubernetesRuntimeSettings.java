package dev.bulwark.kubernetes;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the Kubernetes runtime runs: which namespaces it watches and whether it elects a leader.
 *
 * @param namespaces the namespaces to watch; empty means all namespaces
 * @param leaderElection present when only the replica holding the lease reconciles
 * @param timeCompression how many times faster than real time the runtime's clock runs: requeue
 *     delays (clock time) are divided by it before they are scheduled (real time). 1 everywhere but
 *     in tests and benchmarks that run a fast or a testing clock, so that reconciles keep the
 *     controllers' cadence in clock time
 */
public record KubernetesRuntimeSettings(
    Set<String> namespaces, Optional<LeaderElection> leaderElection, long timeCompression) {

  /** The lease name used when none is given. */
  public static final String DEFAULT_LEASE_NAME = "bulwark-operator";

  // A namespace name is an RFC 1123 DNS label; a Lease name a DNS subdomain (labels joined by
  // dots).
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public KubernetesRuntimeSettings {
    namespaces = Set.copyOf(namespaces);
    namespaces.forEach(KubernetesRuntimeSettings::requireNamespace);
    Objects.requireNonNull(leaderElection, "leaderElection");
    if (timeCompression < 1) {
      throw new IllegalArgumentException(
          "timeCompression must be at least 1, got " + timeCompression);
    }
  }

  /** All namespaces, no leader election: a single replica. */
  public static KubernetesRuntimeSettings defaults() {
    return new KubernetesRuntimeSettings(Set.of(), Optional.empty(), 1);
  }

  /** These settings watching only the given namespaces (empty: all). */
  public KubernetesRuntimeSettings watching(Set<String> watched) {
    return new KubernetesRuntimeSettings(watched, leaderElection, timeCompression);
  }

  /** These settings with leader election. */
  public KubernetesRuntimeSettings withLeaderElection(LeaderElection election) {
    return new KubernetesRuntimeSettings(namespaces, Optional.of(election), timeCompression);
  }

  /** These settings for a clock that runs {@code factor} times faster than real time. */
  public KubernetesRuntimeSettings withTimeCompression(long factor) {
    return new KubernetesRuntimeSettings(namespaces, leaderElection, factor);
  }

  /** True when no namespace is listed, so every namespace is watched. */
  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }

  /**
   * Parses a comma-separated namespace list such as {@code BULWARK_NAMESPACES}; null or blank means
   * all namespaces. Blank entries are ignored.
   *
   * @throws IllegalArgumentException naming the entry that is not a valid namespace name
   */
  public static Set<String> namespacesFrom(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return Set.of();
    }
    Set<String> parsed =
        Arrays.stream(commaSeparated.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    parsed.forEach(KubernetesRuntimeSettings::requireNamespace);
    return parsed;
  }

  private static void requireNamespace(String value) {
    if (value == null || !DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "namespace '"
              + value
              + "' is not a valid Kubernetes namespace name: use at most 63 lowercase letters,"
              + " digits and '-', starting and ending with a letter or digit");
    }
  }

  private static void requireLeaseName(String value) {
    if (value == null || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "lease name '"
              + value
              + "' is not a valid Kubernetes object name: use lowercase letters, digits, '-' and"
              + " '.', starting and ending with a letter or digit");
    }
  }

  /**
   * Leader election over a coordination.k8s.io Lease, so that only one replica reconciles.
   *
   * @param leaseName the Lease object's name
   * @param leaseNamespace where the Lease lives; empty: the client's namespace (the pod's own
   *     namespace when running in a cluster)
   * @param exitOnLostLeadership exit the JVM when leadership is lost, as JOSDK does by default, so
   *     that two replicas never reconcile at once; only tests turn it off
   */
  public record LeaderElection(
      String leaseName, Optional<String> leaseNamespace, boolean exitOnLostLeadership) {

    public LeaderElection {
      requireLeaseName(leaseName);
      Objects.requireNonNull(leaseNamespace, "leaseNamespace");
      leaseNamespace.ifPresent(KubernetesRuntimeSettings::requireNamespace);
    }

    /** The default lease in the given namespace (null: the client's namespace), exiting on loss. */
    public static LeaderElection inNamespace(String leaseNamespace) {
      return new LeaderElection(DEFAULT_LEASE_NAME, Optional.ofNullable(leaseNamespace), true);
    }
  }
}
