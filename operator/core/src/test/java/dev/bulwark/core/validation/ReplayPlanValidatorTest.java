package dev.bulwark.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.replay.PartitionKeySource;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.api.replay.ReplayPlanSpec;
import dev.bulwark.core.Environment;
import dev.bulwark.core.testing.TestingResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayPlanValidatorTest {
  private static final Path EXAMPLE = Path.of("../../examples/replay/replay-plan.yaml");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final ResourceLookup lookup =
      (namespace, name) ->
          "teaching-data-local".equals(name)
              ? Optional.of(TestingResources.backupPolicy(name))
              : Optional.empty();
  private final ReplayPlanValidator validator = new ReplayPlanValidator(Environment.of(Map.of()));

  private static List<ReplayPlan> examples() throws IOException {
    List<ReplayPlan> plans = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(Files.readString(EXAMPLE))) {
      // Strict on the spec, the part this validator reads: an unknown field there fails.
      YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(
              document -> {
                ReplayPlan plan = new ReplayPlan();
                plan.setRef(
                    ResourceRef.of(ReplayPlan.KIND, document.at("/metadata/name").asText()));
                try {
                  plan.setSpec(YAML.treeToValue(document.get("spec"), ReplayPlanSpec.class));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                plans.add(plan);
              });
    }
    return plans;
  }

  @Test
  void theExamplePlansAreValid() throws IOException {
    List<ReplayPlan> plans = examples();
    assertThat(plans)
        .extracting(p -> p.getRef().name())
        .containsExactly("exam-scores-v1", "exam-scores-v2");
    for (ReplayPlan plan : plans) {
      assertThat(validator.validate(plan, lookup)).as(plan.getRef().name()).isEmpty();
      assertThat(new ResourceValidator(Environment.of(Map.of())).validate(plan, lookup)).isEmpty();
    }
  }

  @Test
  void eachProblemNamesItsField() throws IOException {
    ReplayPlan plan = examples().get(1);
    plan.getSpec().getAnalyzer().setAnalyzerVersion("v2/../v1");
    plan.getSpec().getInputs().setRoot("raw/exams");
    plan.getSpec().getInputs().setPaths(List.of("[unclosed"));
    plan.getSpec().setPolicyRef("missing-policy");
    plan.getSpec().getPartition().setBy(PartitionKeySource.FIELD);
    plan.getSpec().getPartition().getWindow().setStart("2026-11-31");
    plan.getSpec().getPartition().getWindow().setEnd("2026-11-01");
    plan.getSpec().getOutput().setRoot("/data/exams/derived");
    plan.getSpec().setIdempotencyGuard("{analyzerVersion}");
    plan.getSpec().getChecks().setCommand(List.of());

    assertThat(validator.validate(plan, lookup))
        .extracting(SpecProblem::field)
        .containsExactlyInAnyOrder(
            "spec.analyzer.analyzerVersion",
            "spec.inputs.root",
            "spec.inputs.paths[0]",
            "spec.policyRef",
            "spec.partition.field",
            "spec.partition.window.start",
            "spec.output.root",
            "spec.idempotencyGuard",
            "spec.checks.command");
  }

  @Test
  void outputsMayNotLiveInsideTheRawInputsNorCompareWithThemselves() throws IOException {
    ReplayPlan plan = examples().get(0);
    plan.getSpec().getOutput().setRoot("/data/exams/raw/exams/derived/{analyzerVersion}");
    plan.getSpec().setCompareWith("v1");
    assertThat(validator.validate(plan, lookup))
        .extracting(SpecProblem::describe)
        .anySatisfy(
            m -> assertThat(m).contains("spec.output.root").contains("outside the raw inputs"))
        .anySatisfy(m -> assertThat(m).contains("spec.compareWith").contains("earlier version"));
  }

  @Test
  void aMissingSpecIsOneError() {
    ReplayPlan plan = new ReplayPlan();
    plan.setRef(dev.bulwark.api.common.ResourceRef.of(ReplayPlan.KIND, "empty"));
    assertThat(validator.validate(plan, lookup))
        .extracting(SpecProblem::field)
        .containsExactly("spec");
  }
}
