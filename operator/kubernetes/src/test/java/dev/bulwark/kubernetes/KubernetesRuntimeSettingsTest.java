package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.kubernetes.KubernetesRuntimeSettings.LeaderElection;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubernetesRuntimeSettingsTest {

  @Test
  void defaultsWatchEveryNamespaceWithoutLeaderElection() {
    KubernetesRuntimeSettings settings = KubernetesRuntimeSettings.defaults();

    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.leaderElection()).isEmpty();
  }

  @Test
  void parsesACommaSeparatedNamespaceList() {
    assertThat(KubernetesRuntimeSettings.namespacesFrom(" team-a, team-b ,,team-a"))
        .containsExactlyInAnyOrder("team-a", "team-b");
  }

  @Test
  void anUnsetOrBlankListMeansAllNamespaces() {
    assertThat(KubernetesRuntimeSettings.namespacesFrom(null)).isEmpty();
    assertThat(KubernetesRuntimeSettings.namespacesFrom("  ")).isEmpty();
  }

  @Test
  void rejectsANamespaceThatKubernetesWouldRejectNamingIt() {
    assertThatThrownBy(() -> KubernetesRuntimeSettings.namespacesFrom("team-a,Team_B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Team_B'")
        .hasMessageContaining("lowercase letters");
  }

  @Test
  void watchingSomeNamespacesKeepsLeaderElection() {
    KubernetesRuntimeSettings settings =
        KubernetesRuntimeSettings.defaults()
            .withLeaderElection(LeaderElection.inNamespace("bulwark-system"))
            .watching(Set.of("team-a"));

    assertThat(settings.watchesAllNamespaces()).isFalse();
    assertThat(settings.namespaces()).containsExactly("team-a");
    assertThat(settings.leaderElection())
        .contains(
            new LeaderElection(
                KubernetesRuntimeSettings.DEFAULT_LEASE_NAME, Optional.of("bulwark-system"), true));
  }

  @Test
  void leaseNamesMayHoldDotsButNotCapitals() {
    assertThat(new LeaderElection("bulwark.dev-leader", Optional.empty(), true).leaseName())
        .isEqualTo("bulwark.dev-leader");
    assertThatThrownBy(() -> new LeaderElection("Bulwark", Optional.empty(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease name 'Bulwark'");
  }
}
