package dev.bulwark.core.backup;

import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.backup.StreamSource;
import dev.bulwark.engine.repository.Repository;
import java.util.List;

/**
 * A policy bound to the engine: the provider its job writes to, the repository on that target and
 * what to back up: directories, and databases dumped as streams.
 *
 * @param policy the policy name
 * @param provider the single target of the job
 * @param repository the repository on that target (env, key, tags)
 * @param sources directory sources, P0 first
 * @param databases PostgreSQL sources as streams ({@code pg_dump} runs when the job reads them), P0
 *     first; pass them to {@code BackupRequest.Builder#streams}
 */
public record PolicyRepository(
    String policy,
    TargetProvider provider,
    Repository repository,
    List<SourceDirectory> sources,
    List<StreamSource> databases) {

  public PolicyRepository {
    sources = List.copyOf(sources);
    databases = List.copyOf(databases == null ? List.of() : databases);
  }

  /** A policy with directory sources only. */
  public PolicyRepository(
      String policy,
      TargetProvider provider,
      Repository repository,
      List<SourceDirectory> sources) {
    this(policy, provider, repository, sources, List.of());
  }
}
