package dev.bulwark.manifests;

/**
 * One thing wrong (or worth a warning) in a manifest document, located at the line of the field it
 * is about.
 *
 * @param field the field path, e.g. {@code spec.sources[1].path}; {@code yaml} for syntax errors
 * @param line 1-based line in the file
 * @param message why, phrased so the fix is obvious; never contains secret values
 * @param severity whether the document can still be served
 */
public record ManifestProblem(String field, int line, String message, Severity severity) {

  /** How bad a problem is. */
  public enum Severity {
    /** The document cannot be served as written. */
    ERROR,
    /** The document is served, but something in it is probably not what its author meant. */
    WARNING
  }

  /** An error at a field. */
  public static ManifestProblem error(String field, int line, String message) {
    return new ManifestProblem(field, line, message, Severity.ERROR);
  }

  /** A warning at a field. */
  public static ManifestProblem warning(String field, int line, String message) {
    return new ManifestProblem(field, line, message, Severity.WARNING);
  }

  /** True for {@link Severity#ERROR}. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
