package dev.bulwark.core.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.drills.DrillRecord;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.engine.backup.BackupResult.DomainTotals;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A run's final record as the pod's termination message, which Kubernetes keeps to {@link #LIMIT}
 * bytes: compact JSON of the record as stored, made to fit by dropping the per-domain totals (job)
 * or the validation lines (drill) first, then shortening the longest free text with a trailing
 * {@code …}. What the operator reads back is always whole JSON.
 */
public final class RunResults {
  /** The most bytes (UTF-8) of a termination message Kubernetes keeps. */
  public static final int LIMIT = 4096;

  /** Where a result is read from, for errors. */
  static final String SOURCE = "termination message";

  private static final String ELLIPSIS = "…";

  private RunResults() {}

  /** The termination message of a finished backup job. */
  public static String ofJob(JobRecord finished) {
    String json = write(finished);
    if (fits(json)) {
      return json;
    }
    JobRecord lean = job(finished, null, finished.error(), finished.corruptReason());
    return shortened(
        lean.error(),
        lean.corruptReason(),
        (error, corrupt) -> write(job(lean, null, error, corrupt)));
  }

  /** The termination message of a finished drill run. */
  public static String ofDrill(DrillRecord finished) {
    String json = write(finished);
    if (fits(json)) {
      return json;
    }
    return shortened(
        finished.failureReason(),
        finished.remediation(),
        (failure, remedy) -> write(drill(finished, failure, remedy)));
  }

  /** The finished backup job a termination message carries. */
  public static JobRecord job(String message) throws HandoffException {
    HandoffJson read = new HandoffJson(SOURCE);
    ObjectNode node = read.parse(message);
    read.text(node, "job_id", "");
    read.text(node, "policy", "");
    String state = read.text(node, "state", "");
    JobRecord record = read.bind(HandoffJson.RECORDS, node, JobRecord.class, "");
    if (!record.state().finished()) {
      throw read.error("state", state + " is not an ending (success, failed or canceled)");
    }
    if (record.state() != JobState.SUCCESS && record.error() == null) {
      throw read.error("error", "missing: a " + state + " job says why");
    }
    return record;
  }

  /** The finished drill run a termination message carries. */
  public static DrillRecord drill(String message) throws HandoffException {
    HandoffJson read = new HandoffJson(SOURCE);
    ObjectNode node = read.parse(message);
    read.text(node, "run_id", "");
    read.text(node, "drill", "");
    String state = read.text(node, "state", "");
    if (!DrillRecord.SUCCESS.equals(state) && !DrillRecord.FAILED.equals(state)) {
      throw read.error("state", state + " is not an ending (success or failed)");
    }
    return read.bind(HandoffJson.RECORDS, node, DrillRecord.class, "");
  }

  /**
   * The record with both texts capped at the most code points that fit, so the longer text is cut
   * first and a short one stays whole: {@code build} writes the record with the texts given.
   */
  private static String shortened(
      String first, String second, BiFunction<String, String, String> build) {
    String whole = build.apply(first, second);
    if (fits(whole)) {
      return whole;
    }
    int low = 0; // the largest cap known to fit, once checked
    int high = Math.max(length(first), length(second)); // known not to fit
    String fitting = build.apply(cut(first, 0), cut(second, 0));
    if (!fits(fitting)) {
      throw new IllegalStateException(
          "a run result without its free text is still "
              + bytes(fitting)
              + " bytes, over the "
              + LIMIT
              + " a termination message keeps");
    }
    while (high - low > 1) {
      int cap = (low + high) >>> 1;
      String json = build.apply(cut(first, cap), cut(second, cap));
      if (fits(json)) {
        low = cap;
        fitting = json;
      } else {
        high = cap;
      }
    }
    return fitting;
  }

  /** The first {@code keep} code points of {@code text}, with {@code …} when that is not all. */
  private static String cut(String text, int keep) {
    if (text == null || keep >= length(text)) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, keep)) + ELLIPSIS;
  }

  private static int length(String text) {
    return text == null ? 0 : text.codePointCount(0, text.length());
  }

  private static boolean fits(String json) {
    return bytes(json) <= LIMIT;
  }

  private static int bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String write(Object record) {
    try {
      return HandoffJson.RECORDS.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code r} with other per-domain totals, error and corrupt reason. */
  private static JobRecord job(
      JobRecord r, Map<String, DomainTotals> domains, String error, String corruptReason) {
    return new JobRecord(
        r.jobId(),
        r.policy(),
        r.namespace(),
        r.requestedType(),
        r.snapshotType(),
        r.target(),
        r.trigger(),
        r.actor(),
        r.attempt(),
        r.state(),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        r.files(),
        r.bytes(),
        r.bytesUploaded(),
        r.labels(),
        error,
        r.failureKind(),
        r.host(),
        r.pid(),
        r.retryOf(),
        r.corruptSnapshot(),
        corruptReason,
        domains);
  }

  /** {@code r} without its validation lines, with another failure reason and remediation. */
  private static DrillRecord drill(DrillRecord r, String failureReason, String remediation) {
    return new DrillRecord(
        r.runId(),
        r.drill(),
        r.namespace(),
        r.policy(),
        r.level(),
        r.trigger(),
        r.actor(),
        r.state(),
        r.startedAt(),
        r.finishedAt(),
        r.snapshotJobId(),
        r.snapshotFinishedAt(),
        r.objects(),
        r.bytes(),
        r.actualRpoSeconds(),
        r.actualRtoSeconds(),
        r.objectivesMet(),
        failureReason,
        remediation,
        null);
  }
}
