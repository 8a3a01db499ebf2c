package dev.bulwark.core.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.core.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresConnectionTest {
  private static final String FIELD = "BackupPolicy/shop: spec.sources[0].postgres";

  @TempDir Path tmp;

  private static PostgresSource source(SecretRef password) {
    PostgresSource pg = new PostgresSource();
    pg.setDatabase("shop");
    pg.setUser("backup");
    pg.setPasswordFrom(password);
    return pg;
  }

  @Test
  void passwordFromAFileLosesItsTrailingNewlineAndGoesOnlyToTheEnvironment() throws Exception {
    Path file = Files.writeString(tmp.resolve("pw"), "s3cret-value\n");
    SecretRef ref = new SecretRef();
    ref.setFile(file.toString());
    PostgresConnection c = PostgresConnection.of(source(ref), Environment.of(Map.of()), FIELD);
    assertThat(c.host()).isEqualTo("localhost");
    assertThat(c.port()).isEqualTo(5432);
    assertThat(c.environment())
        .containsEntry("PGPASSWORD", "s3cret-value")
        .containsEntry("PGUSER", "backup")
        .containsEntry("PGHOST", "localhost")
        .containsEntry("PGPORT", "5432");
    assertThat(c.toString()).doesNotContain("s3cret").contains("password set");
    assertThat(c.describe("shop")).isEqualTo("postgresql://backup@localhost:5432/shop");
  }

  @Test
  void passwordFromAnUnsetVariableNamesTheFieldAndVariable() {
    SecretRef ref = new SecretRef();
    ref.setEnv("SHOP_PASSWORD");
    assertThatThrownBy(() -> PostgresConnection.of(source(ref), Environment.of(Map.of()), FIELD))
        .isInstanceOf(PostgresException.class)
        .hasMessage(
            FIELD
                + ".passwordFrom.env names SHOP_PASSWORD, which is not set in the"
                + " environment of this process");
    PostgresConnection c = new PostgresConnection("db", 6543, null, null);
    assertThat(c.environment()).doesNotContainKeys("PGPASSWORD", "PGUSER");
  }

  @Test
  void unreadablePasswordFileIsAClearError() {
    SecretRef ref = new SecretRef();
    ref.setFile(tmp.resolve("missing").toString());
    assertThatThrownBy(() -> PostgresConnection.of(source(ref), Environment.of(Map.of()), FIELD))
        .isInstanceOf(PostgresException.class)
        .hasMessageContaining(
            FIELD + ".passwordFrom.file " + tmp.resolve("missing") + " cannot be read");
  }

  @Test
  void conninfoQuotesTheDatabaseName() {
    assertThat(PostgresConnection.conninfo("shop")).isEqualTo("dbname='shop'");
    assertThat(PostgresConnection.conninfo("a b=c'd\\")).isEqualTo("dbname='a b=c\\'d\\\\'");
  }

  @Test
  void streamNamesAreSafeArchivePaths() {
    assertThat(PostgresDumper.streamName("shop")).isEqualTo("postgres/shop.dump");
    assertThat(PostgresDumper.streamName("my shop/ü")).isEqualTo("postgres/my_shop__.dump");
  }
}
