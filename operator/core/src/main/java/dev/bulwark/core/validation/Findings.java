package dev.bulwark.core.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects the findings of one validation run, in the order the checks ran. */
final class Findings {
  private final List<SpecProblem> problems = new ArrayList<>();

  void error(String field, String message) {
    problems.add(SpecProblem.error(field, message));
  }

  void warning(String field, String message) {
    problems.add(SpecProblem.warning(field, message));
  }

  List<SpecProblem> toList() {
    return List.copyOf(problems);
  }
}
