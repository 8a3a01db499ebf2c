package dev.bulwark.cli;

import dev.bulwark.core.Environment;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateFileException;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bulwark gate check}: exit 0 when the gate is open, 1 when blocked (one reason per line on
 * stderr), 2 when it cannot decide. By default it reads {@code <state>/gate.json} and evaluates its
 * facts again at the current time, so it starts no Kubernetes client and scans no repository;
 * {@code --kubernetes} reads the resource statuses from the cluster instead.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check the release gate: exit 0 open, 1 blocked, 2 cannot decide.",
      "When blocked, each reason is one line on stderr.",
      "Reads <state>/gate.json, which `bulwark run` keeps current, and evaluates its facts again now.",
      "Windows: the runtime's, or BULWARK_GATE_DRILL_WINDOW, BULWARK_GATE_HEALTH_WINDOW and",
      "BULWARK_GATE_PRE_UPGRADE_MAX_AGE when set (e.g. 7d, 24h)."
    })
final class GateCheckCommand implements Callable<Integer> {
  /** A gate file older than this was not refreshed by a running runtime: worth a warning. */
  static final Duration STALE = Duration.ofMinutes(5);

  @Option(
      names = "--state",
      paramLabel = "DIR",
      defaultValue = "${env:BULWARK_STATE:-.bulwark}",
      description = "State directory holding gate.json (default: $BULWARK_STATE or ./.bulwark).")
  Path state;

  @Option(names = "--json", description = "Print the decision and its evidence as JSON on stdout.")
  boolean json;

  @Option(
      names = "--require-pre-upgrade",
      description = "Also require a recent pre-upgrade snapshot of every covered policy.")
  boolean requirePreUpgrade;

  @Option(names = "--policy", paramLabel = "NAME", description = "Only this BackupPolicy and its drills.")
  String policy;

  @Option(
      names = "--kubernetes",
      description = "Read BackupPolicy and RestoreDrill statuses from the cluster instead of gate.json.")
  boolean kubernetes;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "With --kubernetes: the namespace to gate (default: the client's current namespace).")
  String namespace;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    Instant now = Instant.now();
    Environment environment = Environment.system();
    GateInputs inputs;
    GateSettings settings;
    try {
      if (kubernetes) {
        inputs = KubernetesGateInputs.read(Optional.ofNullable(namespace));
        settings = GateSettings.from(environment);
      } else {
        Optional<GateDecision> previous = readGateFile(err);
        if (previous.isEmpty()) {
          return 2;
        }
        inputs = previous.get().inputs();
        settings = previous.get().settings().overriddenBy(environment);
        warnIfStale(previous.get(), now, err);
      }
    } catch (IllegalArgumentException e) { // a BULWARK_GATE_* variable that is not a duration
      err.println("bulwark gate check: cannot decide: " + e.getMessage());
      return 2;
    } catch (KubernetesGateInputs.UnreachableException e) {
      err.println("bulwark gate check: cannot decide: " + e.getMessage());
      return 2;
    }
    if (policy != null) {
      inputs = inputs.narrowedTo(policy);
    }
    settings = settings.withRequirePreUpgrade(settings.requirePreUpgrade() || requirePreUpgrade);
    GateDecision decision = ReleaseGate.evaluate(inputs, settings, now);
    if (json) {
      System.out.println(GateFile.toJson(decision));
    } else if (decision.open()) {
      System.out.println(
          "gate open: " + decision.policies().size() + " polic" + (decision.policies().size() == 1 ? "y" : "ies")
              + " proven" + (decision.scope() == null ? "" : " (only " + decision.scope() + ")"));
    } else {
      System.out.println("gate blocked: " + decision.reasons().size() + " reason(s) on stderr");
    }
    if (!decision.open()) {
      decision.reasons().forEach(err::println);
    }
    return decision.open() ? 0 : 1;
  }

  private Optional<GateDecision> readGateFile(PrintStream err) {
    if (!Files.isDirectory(state)) {
      err.println(
          "bulwark gate check: cannot decide: no state directory " + state
              + " (start `bulwark run`, or pass --state / BULWARK_STATE)");
      return Optional.empty();
    }
    GateFile file = GateFile.in(state);
    try {
      Optional<GateDecision> decision = file.read();
      if (decision.isEmpty()) {
        err.println(
            "bulwark gate check: cannot decide: no " + file.path()
                + "; `bulwark run` writes it once it serves this state directory");
      }
      return decision;
    } catch (GateFileException e) {
      err.println("bulwark gate check: cannot decide: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Ages are evaluated again now, but other facts are as old as the file: say so. */
  private static void warnIfStale(GateDecision decision, Instant now, PrintStream err) {
    Duration age = Duration.between(decision.evaluatedAt(), now);
    if (age.compareTo(STALE) > 0) {
      err.println(
          "warning: gate.json was last evaluated at " + decision.evaluatedAt() + " (" + age.toMinutes()
              + " min ago): is `bulwark run` still serving this state directory?");
    }
  }
}
