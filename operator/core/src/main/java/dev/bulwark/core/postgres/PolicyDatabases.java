package dev.bulwark.core.postgres;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL sources of a policy and the stream each is stored as ({@code
 * <domain>/postgres/<database>.dump}), so that a restore or a drill finds the source, and with it
 * the connection settings, of a dump in a snapshot.
 */
public final class PolicyDatabases {
  private PolicyDatabases() {}

  /**
   * One PostgreSQL source of a policy.
   *
   * @param field where it is declared, e.g. {@code BackupPolicy/shop: spec.sources[1].postgres}
   * @param streamPath the archive path of its dump in a snapshot
   * @param domain the source's data domain
   * @param source the source's settings
   */
  public record Database(String field, String streamPath, String domain, PostgresSource source) {}

  /** The PostgreSQL sources of {@code policy}, in declaration order. */
  public static List<Database> of(BackupPolicy policy) {
    List<Database> databases = new ArrayList<>();
    List<Source> sources = policy.getSpec().getSources();
    if (sources == null) {
      return databases;
    }
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      PostgresSource pg = source.getPostgres();
      if (source.getPath() != null || pg == null || pg.getDatabase() == null) {
        continue;
      }
      databases.add(
          new Database(
              "BackupPolicy/" + policy.getRef().name() + ": spec.sources[" + i + "].postgres",
              source.getDomain() + "/" + PostgresDumper.streamName(pg.getDatabase()),
              source.getDomain(),
              pg));
    }
    return databases;
  }

  /** The source whose dump is stored at {@code streamPath}, if the policy still has it. */
  public static Optional<Database> forStream(BackupPolicy policy, String streamPath) {
    return of(policy).stream().filter(d -> d.streamPath().equals(streamPath)).findFirst();
  }
}
