package dev.bulwark.targets.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LifecyclePolicyTest {
  @Test
  void theHotTierPolicyBecomesOneRuleNamedByPrefixAndTags() {
    LifecyclePolicy policy = LifecyclePolicy.hotTier("backups/prod/", 30, 180, "GLACIER_IR");

    LifecycleRule rule = policy.toRule("team-a/");

    assertThat(rule.id()).isEqualTo("bulwark-team-a/backups/prod/[tier=hot]");
    assertThat(rule.keyPrefix()).isEqualTo("team-a/backups/prod/");
    assertThat(rule.tags()).isEqualTo(Map.of("tier", "hot"));
    assertThat(rule.transitionDays()).isEqualTo(OptionalInt.of(30));
    assertThat(rule.transitionStorageClass()).isEqualTo(Optional.of("GLACIER_IR"));
    assertThat(rule.expirationDays()).isEqualTo(OptionalInt.of(180));
    assertThat(rule.ownedBy("bulwark-")).isTrue();
    assertThat(rule.enabled()).isTrue();
  }

  @Test
  void tagFiltersAreSortedSoTheIdIsStable() {
    LifecyclePolicy policy =
        new LifecyclePolicy(
            "bulwark-", "p/", Map.of("tier", "hot", "expire_after_days", "210"), 30, 210, "IA");

    assertThat(policy.ruleId("")).isEqualTo("bulwark-p/[expire_after_days=210,tier=hot]");
  }

  @Test
  void coldMustComeAfterHot() {
    assertThatThrownBy(() -> LifecyclePolicy.hotTier("p/", 30, 30, "IA"))
        .hasMessageContaining("coldDays (30) must be greater than hotDays (30)");
    assertThatThrownBy(() -> LifecyclePolicy.hotTier("p/", 0, 30, "IA"))
        .hasMessageContaining("hotDays must be at least 1");
  }

  @Test
  void charactersThatBreakLifecycleXmlAreRefused() {
    assertThatThrownBy(() -> LifecyclePolicy.hotTier("a&b/", 30, 180, "IA"))
        .hasMessageContaining("keyPrefix 'a&b/' contains '&'");
    assertThatThrownBy(
            () -> new LifecyclePolicy("bulwark-", "p/", Map.of("tier", "<hot>"), 30, 180, "IA"))
        .hasMessageContaining("tag value");
  }

  @Test
  void aStorageClassIsRequiredAndIdsStayWithinTheStoresLimit() {
    assertThatThrownBy(() -> LifecyclePolicy.hotTier("p/", 30, 180, " "))
        .hasMessageContaining("coldStorageClass");
    LifecyclePolicy longPrefix = LifecyclePolicy.hotTier("p".repeat(250) + "/", 30, 180, "IA");
    assertThatThrownBy(() -> longPrefix.ruleId("")).hasMessageContaining("longer than 255");
  }

  @Test
  void foreignRulesAreNotOwned() {
    LifecycleRule foreign =
        new LifecycleRule(
            "ops-logs",
            "logs/",
            Map.of(),
            true,
            OptionalInt.empty(),
            Optional.empty(),
            OptionalInt.of(7));
    assertThat(foreign.ownedBy(LifecyclePolicy.DEFAULT_RULE_ID_PREFIX)).isFalse();
  }
}
