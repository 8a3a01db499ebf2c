package dev.bulwark.core.handoff;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.core.jobs.JobRecord;
import dev.bulwark.core.jobs.JobState;
import dev.bulwark.core.jobs.JobTrigger;
import dev.bulwark.engine.format.SnapshotType;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One backup job handed to the pod of a Kubernetes Job: the policy as declared (with the pod's
 * paths and secret references), the pending record the operator wrote, and the order. The pod runs
 * it under the record's job id, which becomes the snapshot's.
 *
 * @param policy the BackupPolicy, sources already at the pod's mount paths
 * @param namespace the policy's namespace
 * @param pending the job's record as the operator wrote it (state pending)
 * @param order what the job is asked to do; never with a target override (the policy's own target)
 */
public record BackupHandoff(
    BackupPolicy policy, Optional<String> namespace, JobRecord pending, JobOrder order) {

  /** The {@code kind} of a backup hand-off. */
  public static final String KIND = "backup";

  private static final Set<String> FIELDS =
      Set.of("format_version", "kind", "namespace", "policy", "record", "order");
  private static final Set<String> ORDER =
      Set.of("type", "trigger", "actor", "attempt", "label", "retry_of");

  public BackupHandoff {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(order, "order");
    namespace = namespace == null ? Optional.empty() : namespace;
    Optional<String[]> problem = problem(policy, namespace, pending, order);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get()[0] + ": " + problem.get()[1]);
    }
  }

  /** This hand-off as compact JSON, the value of {@code BULWARK_RUN}. */
  public String toJson() {
    ObjectNode node = HandoffEnvelope.start(KIND, namespace);
    node.set("policy", ResourceJson.write(policy));
    node.set("record", HandoffJson.RECORDS.valueToTree(pending));
    ObjectNode written = JsonNodeFactory.instance.objectNode();
    written.put("type", order.type().name().toLowerCase(Locale.ROOT));
    written.put("trigger", WireNames.of(order.trigger()));
    written.put("actor", order.actor());
    written.put("attempt", order.attempt());
    order.label().ifPresent(label -> written.put("label", label));
    order.retryOf().ifPresent(previous -> written.put("retry_of", previous));
    node.set("order", written);
    return node.toString();
  }

  /** Reads a hand-off from {@code BULWARK_RUN}. */
  public static BackupHandoff fromJson(String json) throws HandoffException {
    return fromJson(json, HandoffEnvelope.DEFAULT_ENV);
  }

  /** Reads a hand-off from {@code source} (the environment variable it came from, for errors). */
  public static BackupHandoff fromJson(String json, String source) throws HandoffException {
    HandoffJson read = new HandoffJson(source);
    ObjectNode node = read.parse(json);
    read.onlyKnown(node, "", FIELDS);
    Optional<String> namespace = HandoffEnvelope.check(read, node, KIND);
    BackupPolicy policy =
        ResourceJson.read(
            read,
            read.object(node, "policy", ""),
            "policy",
            new BackupPolicy(),
            BackupPolicySpec.class);
    ObjectNode record = read.object(node, "record", "");
    read.text(record, "job_id", "record");
    read.text(record, "policy", "record");
    String state = read.text(record, "state", "record");
    if (!WireNames.of(JobState.PENDING).equals(state)) {
      throw read.error("record.state", "must be pending, not " + state);
    }
    JobRecord pending = read.bind(HandoffJson.RECORDS, record, JobRecord.class, "record");
    JobOrder order = order(read, read.object(node, "order", ""));
    Optional<String[]> problem = problem(policy, namespace, pending, order);
    if (problem.isPresent()) {
      throw read.error(problem.get()[0], problem.get()[1]);
    }
    return new BackupHandoff(policy, namespace, pending, order);
  }

  private static JobOrder order(HandoffJson read, ObjectNode order) throws HandoffException {
    if (order.has("target") || order.has("target_override")) {
      throw read.error(
          "order." + (order.has("target") ? "target" : "target_override"),
          "not allowed: a job handed to a pod writes to its policy's own target");
    }
    read.onlyKnown(order, "order", ORDER);
    String type = read.text(order, "type", "order");
    SnapshotType snapshotType =
        switch (type) {
          case "full" -> SnapshotType.FULL;
          case "incremental" -> SnapshotType.INCREMENTAL;
          default -> throw read.error("order.type", type + " is not full or incremental");
        };
    String trigger = read.text(order, "trigger", "order");
    JobTrigger jobTrigger =
        WireNames.parse(JobTrigger.class, trigger)
            .orElseThrow(
                () ->
                    read.error(
                        "order.trigger",
                        trigger + " is not one of " + WireNames.allOf(JobTrigger.class)));
    long attempt = read.integer(order, "attempt", "order");
    if (attempt < 1 || attempt > Integer.MAX_VALUE) {
      throw read.error("order.attempt", attempt + " is not an attempt number (1, 2, ...)");
    }
    return new JobOrder(
        snapshotType,
        jobTrigger,
        read.text(order, "actor", "order"),
        (int) attempt,
        read.optionalText(order, "label", "order"),
        Optional.empty(),
        read.optionalText(order, "retry_of", "order"));
  }

  /**
   * Why these parts do not make one job ({field, reason}), if they do not: the record must be the
   * pending record of this policy's job as ordered.
   */
  private static Optional<String[]> problem(
      BackupPolicy policy, Optional<String> namespace, JobRecord pending, JobOrder order) {
    if (order.targetOverride().isPresent()) {
      return reason(
          "order.target", "not allowed: a job handed to a pod writes to its policy's own target");
    }
    if (pending.state() != JobState.PENDING) {
      return reason("record.state", "must be pending, not " + WireNames.of(pending.state()));
    }
    Optional<String[]> names = HandoffEnvelope.sameOwner(policy, namespace, pending.namespace());
    if (names.isPresent()) {
      return names;
    }
    if (!pending.policy().equals(policy.getRef().name())) {
      return reason(
          "record.policy",
          pending.policy() + ", but the policy handed over is " + policy.getRef().name());
    }
    String type = order.type().name().toLowerCase(Locale.ROOT);
    if (!type.equals(pending.requestedType())) {
      return reason(
          "order.type", type + ", but record.requested_type is " + pending.requestedType());
    }
    if (order.trigger() != pending.trigger()) {
      return reason(
          "order.trigger",
          WireNames.of(order.trigger())
              + ", but record.trigger is "
              + (pending.trigger() == null ? "missing" : WireNames.of(pending.trigger())));
    }
    if (!order.actor().equals(pending.actor())) {
      return reason("order.actor", order.actor() + ", but record.actor is " + pending.actor());
    }
    if (order.attempt() != pending.attempt()) {
      return reason(
          "order.attempt", order.attempt() + ", but record.attempt is " + pending.attempt());
    }
    if (!Objects.equals(order.retryOf().orElse(null), pending.retryOf())) {
      return reason(
          "order.retry_of",
          order.retryOf().orElse("absent") + ", but record.retry_of is " + pending.retryOf());
    }
    if (order.label().isPresent() && !pending.labels().contains(order.label().get())) {
      return reason(
          "order.label", order.label().get() + ", but record.labels are " + pending.labels());
    }
    return Optional.empty();
  }

  private static Optional<String[]> reason(String field, String why) {
    return Optional.of(new String[] {field, why});
  }
}
