package dev.bulwark.core.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.core.drills.DrillRecord;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One RestoreDrill run handed to the pod of a Kubernetes Job: the drill and the policy whose
 * snapshots it restores, as declared (secret references rewritten for the pod), and the running
 * record the operator wrote. The pod restores into a sandbox under its own scratch state.
 *
 * @param drill the RestoreDrill
 * @param policy the BackupPolicy named by its {@code spec.policyRef}
 * @param namespace their namespace
 * @param running the run's record as the operator wrote it (state running)
 */
public record DrillHandoff(
    RestoreDrill drill, BackupPolicy policy, Optional<String> namespace, DrillRecord running) {

  /** The {@code kind} of a drill hand-off. */
  public static final String KIND = "drill";

  private static final Set<String> FIELDS =
      Set.of("format_version", "kind", "namespace", "drill", "policy", "record");

  public DrillHandoff {
    Objects.requireNonNull(drill, "drill");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(running, "running");
    namespace = namespace == null ? Optional.empty() : namespace;
    Optional<String[]> problem = problem(drill, policy, namespace, running);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get()[0] + ": " + problem.get()[1]);
    }
  }

  /** This hand-off as compact JSON, the value of {@code BULWARK_RUN}. */
  public String toJson() {
    ObjectNode node = HandoffEnvelope.start(KIND, namespace);
    node.set("drill", ResourceJson.write(drill));
    node.set("policy", ResourceJson.write(policy));
    node.set("record", HandoffJson.RECORDS.valueToTree(running));
    return node.toString();
  }

  /** Reads a hand-off from {@code BULWARK_RUN}. */
  public static DrillHandoff fromJson(String json) throws HandoffException {
    return fromJson(json, HandoffEnvelope.DEFAULT_ENV);
  }

  /** Reads a hand-off from {@code source} (the environment variable it came from, for errors). */
  public static DrillHandoff fromJson(String json, String source) throws HandoffException {
    HandoffJson read = new HandoffJson(source);
    ObjectNode node = read.parse(json);
    read.onlyKnown(node, "", FIELDS);
    Optional<String> namespace = HandoffEnvelope.check(read, node, KIND);
    RestoreDrill drill =
        ResourceJson.read(
            read,
            read.object(node, "drill", ""),
            "drill",
            new RestoreDrill(),
            RestoreDrillSpec.class);
    BackupPolicy policy =
        ResourceJson.read(
            read,
            read.object(node, "policy", ""),
            "policy",
            new BackupPolicy(),
            BackupPolicySpec.class);
    ObjectNode record = read.object(node, "record", "");
    read.text(record, "run_id", "record");
    read.text(record, "drill", "record");
    read.text(record, "started_at", "record");
    String state = read.text(record, "state", "record");
    if (!DrillRecord.RUNNING.equals(state)) {
      throw read.error("record.state", "must be running, not " + state);
    }
    DrillRecord running = read.bind(HandoffJson.RECORDS, record, DrillRecord.class, "record");
    Optional<String[]> problem = problem(drill, policy, namespace, running);
    if (problem.isPresent()) {
      throw read.error(problem.get()[0], problem.get()[1]);
    }
    return new DrillHandoff(drill, policy, namespace, running);
  }

  /** Why these parts do not make one drill run ({field, reason}), if they do not. */
  private static Optional<String[]> problem(
      RestoreDrill drill, BackupPolicy policy, Optional<String> namespace, DrillRecord running) {
    if (!DrillRecord.RUNNING.equals(running.state())) {
      return reason("record.state", "must be running, not " + running.state());
    }
    if (running.startedAt() == null) {
      return reason("record.started_at", "missing (RPO and RTO are measured from it)");
    }
    Optional<String[]> owner = HandoffEnvelope.sameOwner(drill, namespace, running.namespace());
    if (owner.isEmpty()) {
      owner = HandoffEnvelope.sameOwner(policy, namespace, running.namespace());
    }
    if (owner.isPresent()) {
      return owner;
    }
    String policyName = policy.getRef().name();
    String drillName = drill.getRef().name();
    if (!running.drill().equals(drillName)) {
      return reason(
          "record.drill", running.drill() + ", but the drill handed over is " + drillName);
    }
    if (drill.getSpec() == null || !Objects.equals(drill.getSpec().getPolicyRef(), policyName)) {
      return reason(
          "drill.spec.policyRef",
          (drill.getSpec() == null ? "missing" : drill.getSpec().getPolicyRef())
              + ", but the policy handed over is "
              + policyName);
    }
    if (!Objects.equals(running.policy(), policyName)) {
      return reason(
          "record.policy", running.policy() + ", but the policy handed over is " + policyName);
    }
    return Optional.empty();
  }

  private static Optional<String[]> reason(String field, String why) {
    return Optional.of(new String[] {field, why});
  }
}
