package dev.bulwark.cli;

import dev.bulwark.core.Environment;
import dev.bulwark.core.StatePaths;
import dev.bulwark.core.gate.GateCheck;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateFileException;
import dev.bulwark.core.gate.GateInputs;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.RecordedFacts;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.kubernetes.gate.KubernetesGateInputs;
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
 * stderr), 2 when it cannot decide. By default it reads {@code <state>/gate.json}, brings its facts
 * up to date with job and drill records written since (a drill run a moment ago counts), and
 * evaluates them again at the current time, so it starts no Kubernetes client and scans no
 * repository; a file older than {@link GateCheck#DEFAULT_STALE_AFTER} (or {@code
 * BULWARK_GATE_STALE_AFTER}) means no runtime keeps it current, and the gate cannot decide. {@code
 * --kubernetes} reads the resource statuses from the cluster instead.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check the release gate: exit 0 open, 1 blocked, 2 cannot decide.",
      "Blocked prints one reason per line on stderr. Reads <state>/gate.json, which",
      "`bulwark run` keeps current, adds job and drill records written since, and",
      "evaluates the facts again now; a gate.json older than 5m (BULWARK_GATE_STALE_AFTER)",
      "cannot decide. Windows: the runtime's, or BULWARK_GATE_DRILL_WINDOW,",
      "BULWARK_GATE_HEALTH_WINDOW and BULWARK_GATE_PRE_UPGRADE_MAX_AGE when set (e.g. 7d, 24h)."
    })
final class GateCheckCommand implements Callable<Integer> {
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

  @Option(
      names = "--policy",
      paramLabel = "NAME",
      description = "Only this BackupPolicy and its drills.")
  String policy;

  @Option(
      names = "--kubernetes",
      description =
          "Read BackupPolicy and RestoreDrill statuses from the cluster instead of gate.json.")
  boolean kubernetes;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "With --kubernetes: the namespace to gate (default: the client's current namespace).")
  String namespace;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    Instant now = Instant.now();
    Environment environment = Environment.system();
    GateCheck check;
    try {
      if (kubernetes) {
        GateInputs inputs = narrowed(KubernetesGateInputs.read(Optional.ofNullable(namespace)));
        GateDecision decision =
            ReleaseGate.evaluate(inputs, settings(GateSettings.from(environment)), now);
        check =
            new GateCheck(
                decision.open() ? GateCheck.Verdict.OPEN : GateCheck.Verdict.BLOCKED,
                decision,
                null);
      } else {
        Optional<GateDecision> previous = readGateFile(err);
        if (previous.isEmpty()) {
          return 2;
        }
        GateInputs inputs =
            narrowed(RecordedFacts.newer(previous.get().inputs(), new StatePaths(state)));
        GateSettings settings = settings(previous.get().settings().overriddenBy(environment));
        Duration staleAfter = environment.gateStaleAfter().orElse(GateCheck.DEFAULT_STALE_AFTER);
        check = GateCheck.of(previous.get(), inputs, settings, now, staleAfter);
      }
    } catch (IllegalArgumentException e) { // a BULWARK_GATE_* variable that is not a duration
      err.println("bulwark gate check: cannot decide: " + e.getMessage());
      return 2;
    } catch (KubernetesGateInputs.UnreachableException e) {
      err.println("bulwark gate check: cannot decide: " + e.getMessage());
      return 2;
    }
    GateDecision decision = check.decision();
    if (json) {
      System.out.println(GateFile.toJson(check));
    } else if (check.verdict() == GateCheck.Verdict.OPEN) {
      System.out.println(
          "gate open: "
              + decision.policies().size()
              + " polic"
              + (decision.policies().size() == 1 ? "y" : "ies")
              + " proven"
              + (decision.scope() == null ? "" : " (only " + decision.scope() + ")"));
    } else if (check.verdict() == GateCheck.Verdict.BLOCKED) {
      System.out.println("gate blocked: " + decision.reasons().size() + " reason(s) on stderr");
    }
    if (check.verdict() == GateCheck.Verdict.UNDECIDED) {
      err.println("bulwark gate check: " + check.undecidedReason());
    } else if (check.verdict() == GateCheck.Verdict.BLOCKED) {
      decision.reasons().forEach(err::println);
    }
    return check.verdict().exitCode();
  }

  private GateInputs narrowed(GateInputs inputs) {
    return policy == null ? inputs : inputs.narrowedTo(policy);
  }

  private GateSettings settings(GateSettings base) {
    return base.withRequirePreUpgrade(base.requirePreUpgrade() || requirePreUpgrade);
  }

  private Optional<GateDecision> readGateFile(PrintStream err) {
    if (!Files.isDirectory(state)) {
      err.println(
          "bulwark gate check: cannot decide: no state directory "
              + state
              + " (start `bulwark run`, or pass --state / BULWARK_STATE)");
      return Optional.empty();
    }
    GateFile file = GateFile.in(state);
    try {
      Optional<GateDecision> decision = file.read();
      if (decision.isEmpty()) {
        err.println(
            "bulwark gate check: cannot decide: no "
                + file.path()
                + "; `bulwark run` writes it once it serves this state directory");
      }
      return decision;
    } catch (GateFileException e) {
      err.println("bulwark gate check: cannot decide: " + e.getMessage());
      return Optional.empty();
    }
  }
}
