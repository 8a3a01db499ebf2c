package dev.bulwark.core.validation;

import static dev.bulwark.core.validation.SpecProblem.error;
import static dev.bulwark.core.validation.SpecProblem.warning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.drill.DrillLevel;
import dev.bulwark.api.drill.ObjectSample;
import dev.bulwark.api.drill.Objectives;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.drill.TimeWindow;
import dev.bulwark.api.drill.Validators;
import dev.bulwark.core.Environment;
import dev.bulwark.core.testing.TestingResources;
import dev.bulwark.core.testing.TestingYaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreDrillValidatorTest {
  private final BackupPolicy policy = TestingResources.backupPolicy("teaching-data");
  private final RestoreDrill drill = TestingResources.restoreDrill("weekly-l1", "teaching-data");

  private List<SpecProblem> validate(RestoreDrill drill) {
    return validate(drill, TestingResources.lookupOf(policy));
  }

  private static List<SpecProblem> validate(RestoreDrill drill, ResourceLookup lookup) {
    return new RestoreDrillValidator(Environment.of(Map.of())).validate(drill, lookup);
  }

  private static TimeWindow window(String at, String ago) {
    TimeWindow window = new TimeWindow();
    window.setAt(at);
    window.setAgo(ago);
    return window;
  }

  @Test
  void theTestingDrillIsValid() {
    assertThat(validate(drill)).isEmpty();
  }

  @Test
  void reportsEveryMistakeOfABrokenDrillByField() {
    RestoreDrill broken =
        TestingYaml.resource("/validation/restore-drill-broken.yaml", RestoreDrill.class);

    assertThat(validate(broken))
        .extracting(SpecProblem::field)
        .containsExactly(
            "spec.policyRef",
            "spec.timeZone",
            "spec.schedule",
            "spec.target",
            "spec.window.at",
            "spec.objects.objectsPerDomain",
            "spec.objects.paths[0]",
            "spec.objectives.rpo",
            "spec.objectives.rto");
  }

  @Test
  void policyRefMustResolve() {
    assertThat(validate(drill, ResourceLookup.empty()))
        .containsExactly(
            error(
                "spec.policyRef",
                "BackupPolicy 'teaching-data' not found; create it or fix the name"));
  }

  @Test
  void policyRefNamesTheNamespaceLookedIn() {
    drill.setRef(drill.getRef().withNamespace("school"));

    assertThat(validate(drill, ResourceLookup.empty()))
        .extracting(SpecProblem::message)
        .containsExactly(
            "BackupPolicy 'teaching-data' not found in namespace school; create it or fix the"
                + " name");
  }

  @Test
  void policyRefIsRequired() {
    drill.getSpec().setPolicyRef(" ");

    assertThat(validate(drill))
        .containsExactly(
            error("spec.policyRef", "required; name the BackupPolicy this resource works on"));
  }

  @Test
  void anInvalidPolicyIsAWarning() {
    policy.getSpec().setSources(List.of());

    assertThat(validate(drill))
        .containsExactly(
            warning(
                "spec.policyRef",
                "BackupPolicy 'teaching-data' is invalid (spec.sources: required; list at least one"
                    + " directory (path), database (postgres) or volume (persistentVolumeClaim) to"
                    + " back up); runs fail until it is fixed"));
  }

  @Test
  void levelIsRequired() {
    drill.getSpec().setLevel(null);

    assertThat(validate(drill))
        .containsExactly(error("spec.level", "required; expected one of L1, L2, L3"));
  }

  @Test
  void scheduleMustBeAValidCron() {
    drill.getSpec().setSchedule("0 3 * * 8");

    List<SpecProblem> problems = validate(drill);

    assertThat(problems).extracting(SpecProblem::field).containsExactly("spec.schedule");
    assertThat(problems.get(0).message())
        .startsWith("invalid cron expression '0 3 * * 8': ")
        .contains("Value 8 not in range [0, 7]");
  }

  @Test
  void timeZoneMustBeKnown() {
    drill.getSpec().setTimeZone("Berlin");

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.timeZone",
                "unknown time zone 'Berlin'; expected an IANA name such as UTC or Europe/Berlin"));
  }

  @Test
  void targetMustBeAProvider() {
    drill.getSpec().setTarget("S3");

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.target",
                "'S3' is not a target; expected one of local, s3, oss (or leave it unset for the"
                    + " policy's target)"));
  }

  @Test
  void objectivesAreDurations() {
    Objectives objectives = new Objectives();
    objectives.setRpo("PT5M");
    objectives.setRto("half an hour");
    drill.getSpec().setObjectives(objectives);

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.objectives.rto",
                "'half an hour' is not a duration; expected e.g. 30s, 5m, 1h, 2d or ISO-8601"
                    + " PT5M"));
  }

  @Test
  void objectivesOfZeroCannotBeMet() {
    Objectives objectives = new Objectives();
    objectives.setRpo("0m");
    drill.getSpec().setObjectives(objectives);

    assertThat(validate(drill))
        .containsExactly(
            error("spec.objectives.rpo", "0 cannot be met; expected a duration > 0 such as 5m"));
  }

  @Test
  void anL2DrillNeedsAWindow() {
    drill.getSpec().setLevel(DrillLevel.L2);

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.window",
                "required for level L2; set either at (an RFC 3339 time) or ago (e.g. 1h)"));
  }

  @Test
  void anL2WindowIsAtOrAgoNotBoth() {
    drill.getSpec().setLevel(DrillLevel.L2);
    drill.getSpec().setWindow(window("2026-03-01T10:00:00Z", "1h"));

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.window",
                "both at and ago are set; set either at (an RFC 3339 time) or ago (e.g. 1h)"));
  }

  @Test
  void anL2WindowAtIsAnRfc3339Time() {
    drill.getSpec().setLevel(DrillLevel.L2);
    drill.getSpec().setWindow(window("2026-03-01 10:00", null));

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.window.at",
                "'2026-03-01 10:00' is not an RFC 3339 time; expected e.g. 2026-03-01T10:00:00Z"));

    drill.getSpec().setWindow(window("2026-03-01T10:00:00+08:00", null));
    assertThat(validate(drill)).isEmpty();
  }

  @Test
  void anL2WindowAgoIsADuration() {
    drill.getSpec().setLevel(DrillLevel.L2);
    drill.getSpec().setWindow(window(null, "an hour"));

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.window.ago",
                "'an hour' is not a duration; expected e.g. 30s, 5m, 1h, 2d or ISO-8601 PT5M"));

    drill.getSpec().setWindow(window(null, "2h"));
    assertThat(validate(drill)).isEmpty();
  }

  @Test
  void aWindowOnAnotherLevelIsIgnoredWithAWarning() {
    drill.getSpec().setWindow(window(null, "1h"));

    assertThat(validate(drill))
        .containsExactly(warning("spec.window", "used by level L2 only; ignored for level L1"));
  }

  @Test
  void anL1DrillMustRestoreSomething() {
    ObjectSample objects = new ObjectSample();
    objects.setObjectsPerDomain(0);
    drill.getSpec().setObjects(objects);

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.objects",
                "an L1 drill with objectsPerDomain 0 and no paths restores nothing; set"
                    + " objectsPerDomain > 0 or list paths"));

    objects.setPaths(List.of("student_profiles/*.json"));
    assertThat(validate(drill)).isEmpty();
  }

  @Test
  void aValidatorCommandMayNotBeEmpty() {
    Validators validators = new Validators();
    validators.setCommand(List.of());
    drill.getSpec().setValidators(validators);

    assertThat(validate(drill))
        .containsExactly(
            error(
                "spec.validators.command",
                "empty; expected the argv of a check run in the sandbox"));
  }
}
