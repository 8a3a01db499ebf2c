package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.core.backup.PolicyRepository;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of the commands that work on one policy's repository ({@code backup}, {@code snapshots},
 * {@code restore}, {@code verify}): which policy, which target, where state lives, JSON or text.
 */
final class PolicyOptions {
  @Option(
      names = "--policy",
      required = true,
      paramLabel = "NAME",
      description = "BackupPolicy name.")
  String policy;

  @Option(
      names = "--target",
      paramLabel = "local|s3|oss",
      completionCandidates = Completions.Targets.class,
      description = "Target to use instead of the policy's (one target per job; never a fallback).")
  String target;

  @Option(names = "--json", description = "Machine-readable output on stdout.")
  boolean json;

  @Mixin StateOptions state;

  /** The validated policy from the policies directory. */
  BackupPolicy loadPolicy() throws UsageException {
    return new PolicyLookup(state.policies(), Environment.system()).backupPolicy(policy);
  }

  /** The policy bound to its repository on the selected target. */
  PolicyRepository openRepository(BackupPolicy policy) throws UsageException, JobSetupException {
    return repositories().open(policy, targetOverride());
  }

  /** Repositories on every target this executable can open, configured from the environment. */
  PolicyRepositories repositories() {
    return new PolicyRepositories(
        Environment.system(), TargetOpeners.all(state.state(), System.getenv()));
  }

  /** The provider given with {@code --target}, if any. */
  Optional<TargetProvider> targetOverride() throws UsageException {
    if (target == null) {
      return Optional.empty();
    }
    return Optional.of(
        WireNames.parse(TargetProvider.class, target)
            .orElseThrow(
                () ->
                    new UsageException(
                        "--target "
                            + target
                            + ": expected one of "
                            + WireNames.allOf(TargetProvider.class))));
  }
}
