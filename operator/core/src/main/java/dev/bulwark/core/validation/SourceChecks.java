package dev.bulwark.core.validation;

import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks of a BackupPolicy's {@code spec.sources}: what to back up and how it is tagged. */
final class SourceChecks {
  private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9_-]*");

  private SourceChecks() {}

  static void sources(List<Source> sources, Findings findings) {
    if (sources == null || sources.isEmpty()) {
      findings.error(
          "spec.sources",
          "required; list at least one directory (path) or database (postgres) to back up");
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      source("spec.sources[" + i + "]", sources.get(i), findings);
    }
  }

  private static void source(String at, Source source, Findings findings) {
    if (source == null) {
      findings.error(at, "empty entry; expected a path or postgres source with a domain");
      return;
    }
    boolean hasPath = source.getPath() != null && !source.getPath().isBlank();
    boolean hasPostgres = source.getPostgres() != null;
    if (hasPath == hasPostgres) {
      findings.error(
          at,
          (hasPath ? "both path and postgres are set" : "neither path nor postgres is set")
              + "; set exactly one per source");
    }
    domain(at + ".domain", source.getDomain(), findings);
    if (hasPath) {
      path(at + ".path", source.getPath(), findings);
    }
    if (hasPostgres) {
      postgres(at + ".postgres", source.getPostgres(), findings);
      if (source.getInclude() != null || source.getExclude() != null) {
        findings.warning(
            at, "include and exclude apply to directories and are ignored for postgres");
      }
    }
    SharedChecks.globs(at + ".include", source.getInclude(), findings);
    SharedChecks.globs(at + ".exclude", source.getExclude(), findings);
  }

  private static void domain(String at, String domain, Findings findings) {
    if (domain == null || domain.isBlank()) {
      findings.error(at, "required; tag the source with a data domain such as raw or serving");
    } else if (!DOMAIN.matcher(domain).matches()) {
      findings.error(
          at,
          "'"
              + domain
              + "' is not a domain name; expected lowercase letters, digits, '_' or '-',"
              + " starting with a letter (e.g. raw, student_profiles)");
    }
  }

  private static void path(String at, String path, Findings findings) {
    Optional<Path> parsed = SharedChecks.path(at, path, findings);
    if (parsed.isEmpty()) {
      return;
    }
    // Compose resolves relative paths against the policy file's folder before validating, so a
    // relative path here comes from Kubernetes, where it would depend on the operator's workdir.
    if (!parsed.get().isAbsolute()) {
      findings.warning(
          at,
          "relative path '"
              + path
              + "' depends on the operator's working directory; use an absolute path");
    } else if (!Files.exists(parsed.get())) {
      findings.warning(at, "'" + path + "' does not exist (yet); backups fail until it does");
    }
  }

  private static void postgres(String at, PostgresSource postgres, Findings findings) {
    if (postgres.getDatabase() == null || postgres.getDatabase().isBlank()) {
      findings.error(at + ".database", "required; name the database to dump");
    }
    Integer port = postgres.getPort();
    if (port != null && (port < 1 || port > 65535)) {
      findings.error(at + ".port", port + " is not a port; expected 1 to 65535 (default 5432)");
    }
    if (postgres.getPasswordFrom() != null) {
      SharedChecks.secretRef(at + ".passwordFrom", postgres.getPasswordFrom(), findings);
    }
  }
}
