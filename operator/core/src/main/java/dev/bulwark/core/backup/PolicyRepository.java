package dev.bulwark.core.backup;

import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.engine.Repository;
import dev.bulwark.engine.backup.Source;
import java.util.List;

/**
 * A policy bound to the engine: the provider its job writes to, the repository on that target and
 * the directories to back up.
 *
 * @param policy the policy name
 * @param provider the single target of the job
 * @param repository the repository on that target (env, key, tags)
 * @param sources directory sources, P0 first
 */
public record PolicyRepository(
    String policy, TargetProvider provider, Repository repository, List<Source> sources) {

  public PolicyRepository {
    sources = List.copyOf(sources);
  }
}
