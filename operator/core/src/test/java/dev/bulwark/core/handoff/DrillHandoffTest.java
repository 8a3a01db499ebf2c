package dev.bulwark.core.handoff;

import static dev.bulwark.core.handoff.HandoffSamples.drill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.RestoreDrillSpec;
import dev.bulwark.core.drills.DrillRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DrillHandoffTest {

  @Test
  void whatTheOperatorWroteIsReadAndWrittenBackUnchanged() throws Exception {
    DrillHandoff read = DrillHandoff.fromJson(drill().toString());

    assertThat(HandoffSamples.parsed(read.toJson())).isEqualTo(drill());
    assertThat(read.drill().getSpec().getLevel()).isEqualTo(DrillLevel.L1);
    assertThat(read.drill().getSpec().getValidators().getPostgres().getSqlCheck())
        .startsWith("select");
    assertThat(read.policy().getRef().name()).isEqualTo("exams");
    assertThat(read.running().runId()).isEqualTo("20261205T130500Z-123abc");
    assertThat(read.running().startedAt()).isEqualTo(Instant.parse("2026-12-05T13:05:00.5Z"));
    assertThat(read.namespace()).contains("school");
  }

  @Test
  void aHandoffBuiltInCodeComesBackEqual() throws Exception {
    RestoreDrill drill = new RestoreDrill();
    drill.setRef(ResourceRef.of(RestoreDrill.KIND, "demo-l3"));
    RestoreDrillSpec spec = new RestoreDrillSpec();
    spec.setPolicyRef("demo");
    spec.setLevel(DrillLevel.L3);
    drill.setSpec(spec);
    DrillRecord running = running("demo-l3", "demo");
    DrillHandoff handoff =
        new DrillHandoff(drill, BackupHandoffTest.localPolicy("demo"), Optional.empty(), running);

    DrillHandoff read = DrillHandoff.fromJson(handoff.toJson());

    assertThat(read.running()).isEqualTo(running);
    assertThat(read.toJson()).isEqualTo(handoff.toJson());
    assertThatThrownBy(
            () ->
                new DrillHandoff(
                    drill, BackupHandoffTest.localPolicy("other"), Optional.empty(), running))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("drill.spec.policyRef: demo, but the policy handed over is other");
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        broken(d -> record(d).remove("run_id"), "BULWARK_RUN: record.run_id: missing"),
        broken(d -> record(d).remove("started_at"), "BULWARK_RUN: record.started_at: missing"),
        broken(
            d -> record(d).put("state", "success"),
            "BULWARK_RUN: record.state: must be running, not success"),
        broken(
            d -> record(d).put("drill", "other"),
            "BULWARK_RUN: record.drill: other, but the drill handed over is exams-l1"),
        broken(d -> d.remove("drill"), "BULWARK_RUN: drill: missing"),
        broken(
            d -> d.put("kind", "backup"),
            "BULWARK_RUN: kind: backup, but this command runs a drill"),
        broken(
            d -> ((ObjectNode) d.get("drill").get("spec")).put("level", "L4"),
            "BULWARK_RUN: drill.spec.level: cannot be read as DrillLevel: L4"),
        broken(
            d -> ((ObjectNode) d.get("drill").get("metadata")).put("namespace", "elsewhere"),
            "BULWARK_RUN: drill.metadata.namespace: elsewhere, but the hand-off's namespace is"
                + " school"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("broken")
  void aHandoffThatCannotBeReadNamesTheFieldAndWhy(String text, String expected) {
    assertThatThrownBy(() -> DrillHandoff.fromJson(text))
        .isInstanceOf(HandoffException.class)
        .hasMessage(expected);
  }

  private static Arguments broken(Consumer<ObjectNode> change, String expected) {
    ObjectNode document = drill();
    change.accept(document);
    return Arguments.of(document.toString(), expected);
  }

  private static ObjectNode record(ObjectNode document) {
    return (ObjectNode) document.get("record");
  }

  static DrillRecord running(String drill, String policy) {
    return new DrillRecord(
        "20261205T130500Z-123abc",
        drill,
        null,
        policy,
        "L3",
        "schedule",
        "controller",
        DrillRecord.RUNNING,
        Instant.parse("2026-12-05T13:05:00Z"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of());
  }
}
