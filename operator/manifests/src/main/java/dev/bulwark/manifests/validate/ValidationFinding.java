package dev.bulwark.manifests.validate;

/**
 * One finding of {@code bulwark validate}, as {@code --json} prints it.
 *
 * @param file the file, as displayed (relative to the working directory when under it)
 * @param line 1-based line of the offending field, or of the document
 * @param severity {@code error} or {@code warning}
 * @param kind the resource's kind, when the document declares a known one
 * @param name the resource's name, when given
 * @param field the field path, e.g. {@code spec.target}
 * @param message why
 */
public record ValidationFinding(
    String file,
    int line,
    String severity,
    String kind,
    String name,
    String field,
    String message) {}
