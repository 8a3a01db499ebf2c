package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.core.backup.JobSetupException;
import dev.bulwark.core.backup.LifecycleReport;
import dev.bulwark.core.backup.PolicyRepositories;
import dev.bulwark.targets.lifecycle.CloudTargetLifecycle;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark lifecycle}: reconcile or check the bucket lifecycle rules of a policy's target.
 */
@Command(
    name = "lifecycle",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile and check the lifecycle rules the policy owns on its bucket.",
      "Objects tagged tier=hot move to the cold class after hotDays, and each",
      "expire_after_days value expires after that many days (a cycle's full",
      "outlives its incrementals). Foreign rules stay as they are. Then check",
      "that no object of the policy is still hot past its hot window.",
      "A local target has no lifecycle: bulwark prune enforces retention.",
      "Exit 0 in effect, 1 lifecycle not in effect, 2 usage or setup errors."
    })
final class LifecycleCommand implements Callable<Integer> {
  @Mixin PolicyOptions options;

  @Option(
      names = "--check",
      description = "Change nothing: report whether the rules are in place and work.")
  boolean check;

  @Option(
      names = "--cold-class",
      paramLabel = "CLASS",
      description = {
        "Cold storage class: S3 STANDARD_IA (default), GLACIER_IR, GLACIER...;",
        "OSS IA (default), Archive, ColdArchive. Without it an existing rule",
        "keeps its class."
      })
  String coldClass;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final Clock clock;

  LifecycleCommand() {
    this(System.getenv(), Clock.systemUTC());
  }

  /** A command reading targets and defaults from {@code env}, on {@code clock} (tests). */
  LifecycleCommand(Map<String, String> env, Clock clock) {
    this.env = env;
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Environment environment = Environment.of(env);
    TargetProvider provider;
    LifecycleReport report;
    try {
      BackupPolicy policy =
          new PolicyLookup(options.state.policies(), environment).backupPolicy(options.policy);
      PolicyRepositories repositories =
          new PolicyRepositories(environment, TargetOpeners.all(options.state.state(), env));
      provider = repositories.select(policy, options.targetOverride());
      report =
          new CloudTargetLifecycle(repositories, environment, Optional.ofNullable(coldClass), clock)
              .reconcile(policy, provider, !check);
    } catch (UsageException | JobSetupException e) {
      err.println("bulwark lifecycle: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (options.json) {
      out.println(
          CliJson.write(
              new Output(
                  options.policy,
                  WireNames.of(provider),
                  report.effective(),
                  report.message(),
                  report.details())));
    } else {
      report.details().forEach(out::println);
      out.println(report.message());
    }
    out.flush();
    return report.effective() ? 0 : 1;
  }

  /** The {@code --json} document. */
  record Output(
      String policy, String target, boolean effective, String message, List<String> details) {}
}
