package dev.bulwark.core.validation;

import dev.bulwark.api.backup.ClaimSource;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks of a BackupPolicy's {@code spec.sources}: what to back up and how it is tagged. */
final class SourceChecks {
  private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final Pattern CLAIM_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  private SourceChecks() {}

  static void sources(List<Source> sources, Findings findings) {
    if (sources == null || sources.isEmpty()) {
      findings.error(
          "spec.sources",
          "required; list at least one directory (path), database (postgres) or volume"
              + " (persistentVolumeClaim) to back up");
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      source("spec.sources[" + i + "]", sources.get(i), findings);
    }
  }

  private static void source(String at, Source source, Findings findings) {
    if (source == null) {
      findings.error(
          at,
          "empty entry; expected a path, postgres or persistentVolumeClaim source with a domain");
      return;
    }
    boolean hasPath = source.getPath() != null && !source.getPath().isBlank();
    boolean hasPostgres = source.getPostgres() != null;
    boolean hasClaim = source.getPersistentVolumeClaim() != null;
    List<String> set = new ArrayList<>();
    if (hasPath) {
      set.add("path");
    }
    if (hasPostgres) {
      set.add("postgres");
    }
    if (hasClaim) {
      set.add("persistentVolumeClaim");
    }
    if (set.size() != 1) {
      findings.error(
          at,
          (set.isEmpty()
                  ? "none of path, postgres and persistentVolumeClaim is set"
                  : String.join(" and ", set)
                      + (set.size() == 2 ? " are both set" : " are all set"))
              + "; set exactly one per source");
    }
    if (hasClaim) {
      claim(at + ".persistentVolumeClaim", source.getPersistentVolumeClaim(), findings);
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

  private static void claim(String at, ClaimSource claim, Findings findings) {
    String name = claim.getClaimName();
    if (name == null || name.isBlank()) {
      findings.error(at + ".claimName", "required; name a PersistentVolumeClaim of the namespace");
    } else if (name.length() > 253 || !CLAIM_NAME.matcher(name).matches()) {
      findings.error(
          at + ".claimName",
          "'"
              + name
              + "' is not a PersistentVolumeClaim name; expected lowercase letters, digits, '-'"
              + " or '.', starting and ending with a letter or digit");
    }
    String subPath = claim.getSubPath();
    if (subPath != null
        && (subPath.startsWith("/")
            || List.of(subPath.split("/")).contains("..")
            || subPath.contains("\\"))) {
      findings.error(
          at + ".subPath",
          "'"
              + subPath
              + "' must be a relative directory inside the volume, without '..' (e.g. exams/2026)");
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
