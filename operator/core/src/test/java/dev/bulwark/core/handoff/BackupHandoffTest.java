package dev.bulwark.core.handoff;

import static dev.bulwark.core.handoff.HandoffSamples.backup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.BackupPolicySpec;
import dev.bulwark.api.backup.LocalTargetSettings;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.backup.TargetSettings;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.core.jobs.JobOrder;
import dev.bulwark.engine.format.SnapshotType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackupHandoffTest {

  @Test
  void whatTheOperatorWroteIsReadAndWrittenBackUnchanged() throws Exception {
    String written = backup().toString();

    BackupHandoff read = BackupHandoff.fromJson(written);

    assertThat(HandoffSamples.parsed(read.toJson())).isEqualTo(backup());
    BackupPolicy policy = read.policy();
    assertThat(policy.getRef())
        .isEqualTo(
            new ResourceRef(
                "BackupPolicy", "school", "exams", 7L, "0b5c6a4e-1f2d-4a7e-9c3b-2d1e0f9a8b7c"));
    assertThat(policy.getAnnotations()).containsKey("bulwark.dev/run-now");
    List<Source> sources = policy.getSpec().getSources();
    assertThat(sources.get(0).getPath()).isEqualTo("/bulwark/sources/0");
    assertThat(sources.get(1).getPostgres().getPasswordFrom().getEnv())
        .isEqualTo("BULWARK_SECRET_0");
    assertThat(sources.get(2).getPostgres().getPasswordFrom().getFile())
        .isEqualTo("/var/run/secrets/pg/password");
    assertThat(sources.get(3).getPostgres().getPasswordFrom().getSecret().getName())
        .isEqualTo("pg-legacy");
    assertThat(policy.getSpec().getTargets().getS3().getPathStyle()).isTrue();
    assertThat(policy.getSpec().getFallbackTarget()).isEqualTo(TargetProvider.OSS);
    assertThat(read.namespace()).contains("school");
    assertThat(read.pending().jobId()).isEqualTo("20261205T130000Z-0a1b2c");
    assertThat(read.pending().createdAt()).isEqualTo(HandoffSamples.CREATED);
    assertThat(read.order())
        .isEqualTo(JobOrder.retry(SnapshotType.INCREMENTAL, 2, "20261205T125000Z-ffeedd"));
  }

  @Test
  void theDocumentedExampleIsAHandoff() throws Exception {
    String doc = Files.readString(Path.of("..", "..", "docs", "status-files.md"));
    String section = doc.substring(doc.indexOf("## Run hand-off (Kubernetes Jobs)"));
    int start = section.indexOf("```json\n") + "```json\n".length();
    String example = section.substring(start, section.indexOf("```", start));

    BackupHandoff read = BackupHandoff.fromJson(example);

    assertThat(read.pending().jobId()).isEqualTo("20261205T130000Z-0a1b2c");
    assertThat(HandoffSamples.parsed(read.toJson())).isEqualTo(HandoffSamples.parsed(example));
  }

  @Test
  void aHandoffBuiltInCodeComesBackEqual() throws Exception {
    BackupHandoff handoff =
        new BackupHandoff(
            localPolicy("demo"),
            Optional.empty(),
            HandoffSamples.pending("demo"),
            JobOrder.manual(SnapshotType.FULL, "cli:ops", Optional.empty()));

    BackupHandoff read = BackupHandoff.fromJson(handoff.toJson());

    assertThat(read.pending()).isEqualTo(handoff.pending());
    assertThat(read.order()).isEqualTo(handoff.order());
    assertThat(read.namespace()).isEmpty();
    assertThat(read.toJson()).isEqualTo(handoff.toJson());
    assertThat(HandoffSamples.parsed(handoff.toJson()).path("record").has("jobId")).isFalse();
  }

  @Test
  void aTargetOverrideIsRefused() {
    assertThatThrownBy(
            () ->
                new BackupHandoff(
                    localPolicy("demo"),
                    Optional.empty(),
                    HandoffSamples.pending("demo"),
                    JobOrder.manual(
                        SnapshotType.FULL, "cli:ops", Optional.of(TargetProvider.LOCAL))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("order.target: not allowed");
    ObjectNode document = backup();
    ((ObjectNode) document.get("order")).put("target", "local");

    assertThatThrownBy(() -> BackupHandoff.fromJson(document.toString()))
        .isInstanceOf(HandoffException.class)
        .hasMessageStartingWith("BULWARK_RUN: order.target: not allowed");
  }

  @Test
  void errorsNameTheVariableTheHandoffCameFrom() {
    assertThatThrownBy(() -> BackupHandoff.fromJson("{", "MY_RUN"))
        .isInstanceOf(HandoffException.class)
        .hasMessageStartingWith("MY_RUN: document: not JSON");
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        broken("", null, "BULWARK_RUN: document: missing (empty)"),
        broken("[1, 2]", null, "BULWARK_RUN: document: not a JSON object"),
        broken("{\"format_version\": 1,", null, "BULWARK_RUN: document: not JSON ("),
        broken(null, d -> record(d).remove("job_id"), "BULWARK_RUN: record.job_id: missing"),
        broken(null, d -> d.remove("record"), "BULWARK_RUN: record: missing"),
        broken(null, d -> d.remove("policy"), "BULWARK_RUN: policy: missing"),
        broken(null, d -> d.remove("order"), "BULWARK_RUN: order: missing"),
        broken(null, d -> order(d).remove("actor"), "BULWARK_RUN: order.actor: missing"),
        broken(
            null,
            d -> order(d).put("attempt", "two"),
            "BULWARK_RUN: order.attempt: expected a whole number, found text"),
        broken(
            null,
            d -> order(d).put("type", "weekly"),
            "BULWARK_RUN: order.type: weekly is not full or incremental"),
        broken(
            null,
            d -> order(d).put("attempt", 3),
            "BULWARK_RUN: order.attempt: 3, but record.attempt is 2"),
        broken(
            null,
            d -> record(d).put("state", "success"),
            "BULWARK_RUN: record.state: must be pending, not success"),
        broken(
            null,
            d -> record(d).put("created_at", "yesterday"),
            "BULWARK_RUN: record.created_at: "),
        broken(
            null,
            d -> record(d).put("namespace", "other"),
            "BULWARK_RUN: record.namespace: other, but the hand-off's namespace is school"),
        broken(
            null,
            d -> record(d).put("policy", "other"),
            "BULWARK_RUN: record.policy: other, but the policy handed over is exams"),
        broken(
            null,
            d -> d.put("format_version", 2),
            "BULWARK_RUN: format_version: 2 is not supported (this bulwark reads 1)"),
        broken(null, d -> d.remove("format_version"), "BULWARK_RUN: format_version: missing"),
        broken(
            null,
            d -> d.put("kind", "drill"),
            "BULWARK_RUN: kind: drill, but this command runs a backup"),
        broken(null, d -> d.put("extra", 1), "BULWARK_RUN: extra: unknown field"),
        broken(
            null,
            d -> policy(d).put("apiVersion", "bulwark.dev/v2"),
            "BULWARK_RUN: policy.apiVersion: bulwark.dev/v2 is not bulwark.dev/v1alpha1"),
        broken(
            null,
            d -> policy(d).put("kind", "RestoreDrill"),
            "BULWARK_RUN: policy.kind: RestoreDrill is not BackupPolicy"),
        broken(
            null,
            d -> ((ObjectNode) policy(d).get("metadata")).remove("name"),
            "BULWARK_RUN: policy.metadata.name: missing"),
        broken(
            null,
            d -> ((ObjectNode) policy(d).get("metadata")).put("labels", "x"),
            "BULWARK_RUN: policy.metadata.labels: unknown field"),
        broken(
            null,
            d -> source(d).put("pathx", "/data"),
            "BULWARK_RUN: policy.spec.sources[0].pathx: unknown field"),
        broken(
            null,
            d -> ((ObjectNode) policy(d).get("spec")).set("target", new TextNode("ftp")),
            "BULWARK_RUN: policy.spec.target: cannot be read as TargetProvider: ftp"),
        broken(
            null,
            d -> source(d).put("include", "**"),
            "BULWARK_RUN: policy.spec.sources[0].include: expected a list"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("broken")
  void aHandoffThatCannotBeReadNamesTheFieldAndWhy(String text, String expected) {
    assertThatThrownBy(() -> BackupHandoff.fromJson(text))
        .isInstanceOf(HandoffException.class)
        .hasMessageStartingWith(expected)
        .hasMessageNotContaining("\n");
  }

  private static Arguments broken(String text, Consumer<ObjectNode> change, String expected) {
    if (text == null) {
      ObjectNode document = backup();
      change.accept(document);
      text = document.toString();
    }
    return Arguments.of(text, expected);
  }

  private static ObjectNode record(ObjectNode document) {
    return (ObjectNode) document.get("record");
  }

  private static ObjectNode order(ObjectNode document) {
    return (ObjectNode) document.get("order");
  }

  private static ObjectNode policy(ObjectNode document) {
    return (ObjectNode) document.get("policy");
  }

  private static ObjectNode source(ObjectNode document) {
    return (ObjectNode) policy(document).get("spec").get("sources").get(0);
  }

  static BackupPolicy localPolicy(String name) {
    BackupPolicy policy = new BackupPolicy();
    policy.setRef(ResourceRef.of(BackupPolicy.KIND, name));
    BackupPolicySpec spec = new BackupPolicySpec();
    spec.setTarget(TargetProvider.LOCAL);
    TargetSettings targets = new TargetSettings();
    LocalTargetSettings local = new LocalTargetSettings();
    local.setPath("/repo");
    targets.setLocal(local);
    spec.setTargets(targets);
    Source source = new Source();
    source.setPath("/data");
    source.setDomain("raw");
    spec.setSources(List.of(source));
    policy.setSpec(spec);
    return policy;
  }
}
