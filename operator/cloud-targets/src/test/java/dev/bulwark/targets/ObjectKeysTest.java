package dev.bulwark.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {
  @Test
  void aPrefixGetsItsTrailingSlashAndMapsKeysBothWays() {
    ObjectKeys keys = ObjectKeys.under("team-a");

    assertThat(keys.prefix()).isEqualTo("team-a/");
    assertThat(keys.toBucketKey("backups/x")).isEqualTo("team-a/backups/x");
    assertThat(keys.toTargetKey("team-a/backups/x")).isEqualTo("backups/x");
    assertThat(keys.toBucketPrefix("")).isEqualTo("team-a/");
    assertThat(ObjectKeys.under(null).prefix()).isEmpty();
    assertThat(ObjectKeys.under("").toBucketKey("a")).isEqualTo("a");
  }

  @Test
  void aBucketKeyOutsideThePrefixIsABug() {
    assertThatThrownBy(() -> ObjectKeys.under("a/").toTargetKey("b/x"))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "a/", "a//b", "a/./b", "a/../b", "..", "a\\b", "a\u0000b"})
  void invalidKeysAreRefused(String key) {
    assertThatThrownBy(() -> ObjectKeys.check(key)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prefixesAreCheckedLikeKeys() {
    assertThatThrownBy(() -> ObjectKeys.under("/abs")).hasMessageContaining("must not start");
    assertThatThrownBy(() -> ObjectKeys.under("a/../b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysLongerThanTheStoresAcceptAreRefused() {
    ObjectKeys keys = ObjectKeys.under("p");
    assertThat(keys.toBucketKey("k".repeat(1021))).hasSize(1023);
    assertThatThrownBy(() -> keys.toBucketKey("k".repeat(1022))).hasMessageContaining("1023 bytes");
  }
}
