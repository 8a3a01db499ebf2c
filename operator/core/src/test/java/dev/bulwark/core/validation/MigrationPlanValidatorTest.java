package dev.bulwark.core.validation;

import static dev.bulwark.core.validation.SpecProblem.error;
import static dev.bulwark.core.validation.SpecProblem.warning;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.bulwark.api.migration.DocumentOperation;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.migration.MigrationStep;
import dev.bulwark.api.migration.ObjectSelector;
import dev.bulwark.api.migration.OperationType;
import dev.bulwark.core.Environment;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationPlanValidatorTest {
  private final ResourceLookup lookup =
      TestingResources.lookupOf(TestingResources.backupPolicy("teaching-data"));
  private final MigrationPlan plan = TestingResources.migrationPlan("profiles-v1", "teaching-data");

  private List<SpecProblem> validate(MigrationPlan plan) {
    return new MigrationPlanValidator(Environment.of(Map.of())).validate(plan, lookup);
  }

  private static MigrationStep step(int from, int to) {
    MigrationStep step = new MigrationStep();
    step.setFrom(from);
    step.setTo(to);
    step.setCommand(List.of("migrate", "{path}"));
    return step;
  }

  private static DocumentOperation operation(OperationType op, String path) {
    DocumentOperation operation = new DocumentOperation();
    operation.setOp(op);
    operation.setPath(path);
    return operation;
  }

  private void steps(MigrationStep... steps) {
    plan.getSpec().setSteps(new ArrayList<>(List.of(steps)));
  }

  private void operations(DocumentOperation... operations) {
    plan.getSpec().getSteps().get(0).setOperations(new ArrayList<>(List.of(operations)));
  }

  @Test
  void theTestingPlanIsValid() {
    assertThat(validate(plan)).isEmpty();
  }

  @Test
  void reportsEveryMistakeOfABrokenPlanByField() {
    MigrationPlan broken =
        TestingYaml.resource("/validation/migration-plan-broken.yaml", MigrationPlan.class);

    assertThat(validate(broken))
        .extracting(SpecProblem::field)
        .containsExactly(
            "spec.selectors[0].paths",
            "spec.steps[0].operations[0].from",
            "spec.steps[0].operations[1].path",
            "spec.steps[0].operations[1].value",
            "spec.steps[2].from");
  }

  @Test
  void policyRefMustResolve() {
    plan.getSpec().setPolicyRef("elsewhere");

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.policyRef", "BackupPolicy 'elsewhere' not found; create it or fix the name"));
  }

  @Test
  void selectorsAreRequired() {
    plan.getSpec().setSelectors(List.of());

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.selectors", "required; add a selector with paths of the objects to migrate"));
  }

  @Test
  void selectorsNeedPathsThatCompile() {
    ObjectSelector noPaths = new ObjectSelector();
    ObjectSelector badGlob = new ObjectSelector();
    badGlob.setPaths(List.of("profiles/[a"));
    plan.getSpec().setSelectors(List.of(noPaths, badGlob));

    List<SpecProblem> problems = validate(plan);

    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactly("spec.selectors[0].paths", "spec.selectors[1].paths[0]");
    assertThat(problems.get(0).message())
        .isEqualTo("required; list globs of the objects, e.g. student_profiles/*.json");
  }

  @Test
  void fromMustBeBelowTo() {
    plan.getSpec().setFrom(3);
    plan.getSpec().setTo(2);

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.to",
                "2 is not greater than spec.from (3); a plan migrates to a newer version"));
  }

  @Test
  void fromAndToAreRequired() {
    plan.getSpec().setFrom(null);
    plan.getSpec().setTo(null);

    assertThat(validate(plan))
        .containsExactly(
            error("spec.from", "required; the schema_version objects have now"),
            error("spec.to", "required; the schema_version objects get"));
  }

  @Test
  void stepsAreRequired() {
    plan.getSpec().setSteps(List.of());

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.steps",
                "required; add steps from spec.from to spec.to, one version at a time"));
  }

  @Test
  void stepsChainFromTheStartWithoutGaps() {
    plan.getSpec().setTo(4);
    steps(step(1, 2), step(3, 4));

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.steps[1].from",
                "is 3 but the previous step ends at 2; expected 2 (steps must chain without"
                    + " gaps)"));
  }

  @Test
  void theFirstStepStartsAtFrom() {
    steps(step(0, 1), step(1, 2));

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.steps[0].from",
                "is 0 but spec.from is 1; expected 1 (steps must chain without gaps)"));
  }

  @Test
  void stepsGoOneVersionAtATime() {
    plan.getSpec().setTo(3);
    steps(step(1, 3));

    assertThat(validate(plan))
        .containsExactly(
            error("spec.steps[0].to", "is 3; steps go one version at a time, expected 2"));
  }

  @Test
  void stepsMustReachTo() {
    plan.getSpec().setTo(3);
    steps(step(1, 2));

    assertThat(validate(plan))
        .containsExactly(
            error("spec.steps", "end at version 2 but spec.to is 3; add a step from 2 to 3"));
  }

  @Test
  void stepsMayNotGoPastTo() {
    steps(step(1, 2), step(2, 3));

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.steps[1]",
                "goes past spec.to: the steps before it already reach 2; remove it or raise"
                    + " spec.to"));
  }

  @Test
  void aStepHasOperationsOrACommandNotBoth() {
    plan.getSpec().getSteps().get(0).setCommand(List.of("migrate", "{path}"));

    assertThat(validate(plan))
        .containsExactly(
            error("spec.steps[0]", "both operations and command are set; set exactly one"));

    plan.getSpec().getSteps().get(0).setCommand(null);
    plan.getSpec().getSteps().get(0).setOperations(null);
    assertThat(validate(plan))
        .containsExactly(
            error("spec.steps[0]", "neither operations nor command is set; set exactly one"));
  }

  @Test
  void aStepNeedsItsVersions() {
    plan.getSpec().getSteps().get(0).setTo(null);

    assertThat(validate(plan))
        .containsExactly(error("spec.steps[0].to", "required; the version this step writes"));
  }

  @Test
  void renameMoveAndCopyNeedFrom() {
    operations(
        operation(OperationType.RENAME, "/generated_at"),
        operation(OperationType.MOVE, "/a"),
        operation(OperationType.COPY, "/b"));

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.steps[0].operations[0].from",
                "required by op rename; the JSON Pointer read from"),
            error(
                "spec.steps[0].operations[1].from",
                "required by op move; the JSON Pointer read from"),
            error(
                "spec.steps[0].operations[2].from",
                "required by op copy; the JSON Pointer read from"));
  }

  @Test
  void setAndAddMetadataNeedAValue() {
    operations(operation(OperationType.SET, "/a"), operation(OperationType.ADD_METADATA, "/b"));

    assertThat(validate(plan))
        .containsExactly(
            error("spec.steps[0].operations[0].value", "required by op set; the value to write"),
            error(
                "spec.steps[0].operations[1].value",
                "required by op addMetadata; the value to write"));
  }

  @Test
  void fieldsAnOpDoesNotUseAreWarnings() {
    DocumentOperation remove = operation(OperationType.REMOVE, "/legacy");
    remove.setFrom("/x");
    remove.setValue(IntNode.valueOf(1));
    operations(remove);

    assertThat(validate(plan))
        .containsExactly(
            warning("spec.steps[0].operations[0].from", "ignored by op remove"),
            warning("spec.steps[0].operations[0].value", "ignored by op remove"));
  }

  @Test
  void pathsAreJsonPointers() {
    DocumentOperation rename = operation(OperationType.RENAME, "generated_at");
    rename.setFrom("/a~2b");
    operations(rename);

    List<SpecProblem> problems = validate(plan);

    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactly("spec.steps[0].operations[0].path", "spec.steps[0].operations[0].from");
    assertThat(problems.get(0).message())
        .startsWith("'generated_at' is not a JSON Pointer (")
        .endsWith("); expected e.g. /metadata/schema_version, with ~0 for ~ and ~1 for /");
  }

  @Test
  void anOperationNeedsOpAndPath() {
    operations(operation(null, null));

    assertThat(validate(plan))
        .containsExactly(
            error(
                "spec.steps[0].operations[0].op",
                "required; expected one of set, rename, move, remove, copy, addMetadata"),
            error(
                "spec.steps[0].operations[0].path",
                "required; expected a JSON Pointer such as /metadata/schema_version"));
  }
}
