package dev.bulwark.core.validation;

import java.util.Objects;

/**
 * One finding about a resource's spec or metadata.
 *
 * @param severity ERROR makes the resource invalid; WARNING is reported and tolerated
 * @param field where the problem is: {@code metadata.name}, {@code spec.schedule.incremental},
 *     {@code spec.sources[1].path} (lists are indexed with [i], from 0)
 * @param message short and actionable: what is wrong and what is expected
 */
public record SpecProblem(Severity severity, String field, String message) {

  /** How bad a finding is. */
  public enum Severity {
    /** The resource cannot be served until the spec changes. */
    ERROR,
    /** Served, but probably not what the author meant. */
    WARNING
  }

  public SpecProblem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** An error at a field. */
  public static SpecProblem error(String field, String message) {
    return new SpecProblem(Severity.ERROR, field, message);
  }

  /** A warning at a field. */
  public static SpecProblem warning(String field, String message) {
    return new SpecProblem(Severity.WARNING, field, message);
  }

  /** True for {@link Severity#ERROR}. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code field: message}, the form used in condition messages. */
  public String describe() {
    return field + ": " + message;
  }
}
