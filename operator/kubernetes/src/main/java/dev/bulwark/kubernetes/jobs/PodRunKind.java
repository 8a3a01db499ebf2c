package dev.bulwark.kubernetes.jobs;

import dev.bulwark.api.common.Resource;
import dev.bulwark.core.handoff.HandoffException;
import dev.bulwark.core.runs.RunKey;
import dev.bulwark.core.runs.RunLedger;
import dev.bulwark.core.runs.RunRecord;
import java.time.Duration;

/**
 * What one kind of run (backup jobs, drills) gives {@link KubernetesJobExecutor}: how to record a
 * run before its Job exists, what its pod gets, and how to record its end from the pod's
 * termination message, or without one.
 *
 * @param <Q> what to run
 * @param <R> the kind's record
 */
interface PodRunKind<Q, R extends RunRecord> {

  /** {@code backup} or {@code drill}: the {@code bulwark execute} subcommand and label value. */
  String name();

  /** Records a new run of {@code request} (pending or running) and returns it. */
  R prepare(RunKey key, Q request);

  /** The resource that owns the run's Job. */
  Resource<?, ?> owner(Q request);

  /**
   * What the pod runs: the run handed over, and the policy as the pod sees it.
   *
   * @throws PodSpecException when no pod could run it
   */
  PodRun podRun(RunKey key, Q request, R record) throws PodSpecException;

  /** How long the Job may run before Kubernetes stops it. */
  Duration deadline(Q request);

  /** Records that the run's Job was created. */
  void started(Q request, R record, String jobName);

  /**
   * Records the end the pod reported in its termination message.
   *
   * @throws HandoffException when the message is not this run's record
   */
  R ended(Q request, R record, String message) throws HandoffException;

  /**
   * Records the run as ended without a report from its pod: it could not start, its Job failed or
   * vanished, or it was canceled ({@code canceled} true).
   */
  R lost(Q request, R record, String why, boolean canceled);

  /**
   * The request and record a Job carries in its hand-off, for a fresh operator that finds a Job it
   * has no record of.
   */
  Adopted<Q, R> adopt(String handoff) throws HandoffException;

  /** Writes a record found in a Job's hand-off, which this operator's state did not hold. */
  void remember(R record);

  /** The kind's records, read only. */
  RunLedger<R> ledger();

  /**
   * What a pod runs.
   *
   * @param handoff the run as JSON, for {@code BULWARK_RUN}
   * @param pod the policy's claims and Secret variables
   */
  record PodRun(String handoff, PodPolicy pod) {}

  /** A run found in a Job's hand-off. */
  record Adopted<Q, R>(Q request, R record) {}
}
