package dev.bulwark.core.validation;

import static dev.bulwark.core.validation.SpecProblem.error;
import static dev.bulwark.core.validation.SpecProblem.warning;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpecProblemsTest {
  private final List<SpecProblem> problems =
      List.of(
          error("spec.target", "not set"),
          warning("spec.sources[0].path", "relative"),
          error("spec.schedule.full", "bad cron"));

  @Test
  void separatesErrorsFromWarnings() {
    assertThat(SpecProblems.hasErrors(problems)).isTrue();
    assertThat(SpecProblems.hasErrors(SpecProblems.warnings(problems))).isFalse();
    assertThat(SpecProblems.errors(problems))
        .extracting(SpecProblem::field)
        .containsExactly("spec.target", "spec.schedule.full");
  }

  @Test
  void summarisesAsFieldColonWhy() {
    assertThat(SpecProblems.summary(SpecProblems.errors(problems)))
        .isEqualTo("spec.target: not set; spec.schedule.full: bad cron");
  }

  @Test
  void summaryListsAtMostTwentyAndCountsTheRest() {
    List<SpecProblem> many =
        IntStream.range(0, 23).mapToObj(i -> error("spec.sources[" + i + "]", "empty")).toList();

    String summary = SpecProblems.summary(many);

    assertThat(summary)
        .startsWith("spec.sources[0]: empty; spec.sources[1]: empty;")
        .contains("spec.sources[19]: empty; ... and 3 more")
        .doesNotContain("spec.sources[20]");
  }
}
