package dev.bulwark.core.metrics;

import dev.bulwark.core.verify.VerifyRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The periodic verify's metrics (R16, R23), kept apart from {@link OperatorMetrics} and registered
 * into the same registry: {@code bulwark_verify_runs_total{namespace,policy,result}}, and per
 * policy (and namespace) the newest run's {@code bulwark_verify_last_run_succeeded} (1 or 0),
 * {@code bulwark_verify_problems} and {@code bulwark_verify_last_run_timestamp_seconds}.
 */
public final class VerifyMetrics {
  static final String RUNS = "bulwark.verify.runs";
  static final String LAST_SUCCEEDED = "bulwark.verify.last.run.succeeded";
  static final String PROBLEMS = "bulwark.verify.problems";
  static final String LAST_RUN = "bulwark.verify.last.run.timestamp.seconds";

  private final MeterRegistry registry;
  private final SettableGauges lastSucceeded;
  private final SettableGauges problems;
  private final SettableGauges lastRun;

  /** Verify metrics in {@code registry}. */
  public VerifyMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    lastSucceeded =
        new SettableGauges(
            registry,
            LAST_SUCCEEDED,
            "1 when the policy's newest verify found nothing wrong, 0 when it failed",
            "namespace",
            "policy");
    problems =
        new SettableGauges(
            registry,
            PROBLEMS,
            "Damaged or missing objects the policy's newest verify found",
            "namespace",
            "policy");
    lastRun =
        new SettableGauges(
            registry,
            LAST_RUN,
            "Unix time when the policy's newest verify ended",
            "namespace",
            "policy");
  }

  /** Records a finished verify run (a running one is ignored). */
  public void verifyFinished(VerifyRecord run) {
    if (!run.finished()) {
      return;
    }
    MetricLabels.requireValue(run.policy(), "policy");
    String namespace = run.namespace() == null ? "" : run.namespace();
    String result = run.succeeded() ? "success" : "failed";
    Counter.builder(RUNS)
        .description("Verify runs of the policy's repository that ended, by result")
        .tags("namespace", namespace, "policy", run.policy(), "result", result)
        .register(registry)
        .increment();
    lastSucceeded.set(run.succeeded() ? 1 : 0, namespace, run.policy());
    problems.set(run.problemCount() == null ? 0 : run.problemCount(), namespace, run.policy());
    if (run.finishedAt() != null) {
      lastRun.set(run.finishedAt().toEpochMilli() / 1000.0, namespace, run.policy());
    }
  }
}
