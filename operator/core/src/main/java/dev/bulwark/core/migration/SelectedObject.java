package dev.bulwark.core.migration;

import dev.bulwark.api.migration.DocumentFormat;
import java.nio.file.Path;

/**
 * One object a plan selected.
 *
 * @param file its absolute path
 * @param name {@code <source domain>/<path below the source>}, as selectors match it and reports
 *     show it
 * @param archivePath its path in snapshots (the absolute path without the leading '/')
 * @param format how it is encoded
 * @param versionField the field holding its version
 * @param missingVersion the version assumed when that field is absent; null: such objects are left
 *     alone
 */
public record SelectedObject(
    Path file,
    String name,
    String archivePath,
    DocumentFormat format,
    String versionField,
    Integer missingVersion) {}
