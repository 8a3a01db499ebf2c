package dev.bulwark.manifests.validate;

import java.util.List;

/**
 * The outcome of validating manifest folders: one line per finding, errors as {@code file:line:
 * Kind/name: field: why} and warnings as {@code file:line: warning: Kind/name: field: why}, in file
 * and line order.
 *
 * @param lines the findings, ready to print
 * @param findings the same findings, field by field
 * @param errors how many findings are errors (a non-zero count fails CI)
 * @param warnings how many findings are warnings
 * @param resources how many Bulwark documents were read (other YAML is not counted)
 */
public record ValidationReport(
    List<String> lines, List<ValidationFinding> findings, int errors, int warnings, int resources) {

  public ValidationReport {
    lines = List.copyOf(lines);
    findings = List.copyOf(findings);
  }

  /** True when there is no error (warnings allowed). */
  public boolean valid() {
    return errors == 0;
  }
}
