/**
 * Semantic checks of resources beyond the CRD schema: each finding is a {@link
 * dev.bulwark.core.validation.SpecProblem} naming the field (e.g. {@code spec.sources[1].path}) and
 * saying what is expected. Controllers turn errors into a False {@code Valid} condition; {@code
 * bulwark validate} prints them per file and line.
 */
package dev.bulwark.core.validation;
