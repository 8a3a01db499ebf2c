package dev.bulwark.core.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Queries and summaries over a list of findings, as controllers and the CLI need them. */
public final class SpecProblems {
  /** Condition messages list at most this many findings; the rest are counted. */
  static final int MAX_LISTED = 20;

  private SpecProblems() {}

  /** True when any finding is an error. */
  public static boolean hasErrors(List<SpecProblem> problems) {
    return problems.stream().anyMatch(SpecProblem::isError);
  }

  /** The errors, in order. */
  public static List<SpecProblem> errors(List<SpecProblem> problems) {
    return problems.stream().filter(SpecProblem::isError).toList();
  }

  /** The warnings, in order. */
  public static List<SpecProblem> warnings(List<SpecProblem> problems) {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /**
   * {@code field: why; field: why}, at most {@value #MAX_LISTED} findings and then "... and N
   * more", so that a condition message stays readable.
   */
  public static String summary(List<SpecProblem> problems) {
    String listed =
        problems.stream()
            .limit(MAX_LISTED)
            .map(SpecProblem::describe)
            .collect(Collectors.joining("; "));
    int more = problems.size() - MAX_LISTED;
    return more > 0 ? listed + "; ... and " + more + " more" : listed;
  }
}
