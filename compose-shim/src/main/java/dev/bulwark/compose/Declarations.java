package dev.bulwark.compose;

import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestDocument.Outcome;
import dev.bulwark.manifests.ManifestProblem;
import dev.bulwark.manifests.ResourceKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the policies directory declares at one scan: for each resource key the document that defines
 * it (plus any duplicates), the files that do not parse, and the documents that cannot be served
 * under any name. Pure: builds from the documents read, decides nothing about the past except which
 * of several duplicates keeps a name (the one already serving it).
 */
final class Declarations {

  /**
   * One resource as declared now.
   *
   * @param key kind and name
   * @param document the defining document
   * @param file its file, relative to the policies directory
   * @param duplicates other documents declaring the same key (errors, reported on this resource)
   * @param brokenFile the unreadable document of the same file, when the file does not parse
   */
  record Declaration(
      ResourceKey key,
      ManifestDocument document,
      String file,
      List<ManifestDocument> duplicates,
      ManifestDocument brokenFile) {

    /** True when the resource can be handed to its controller. */
    boolean servable() {
      return document.outcome() == Outcome.RESOURCE && brokenFile == null;
    }

    /** Changes whenever anything the status file shows about the declaration changes. */
    String fingerprint() {
      return String.join(
          "|",
          document.outcome().name(),
          document.contentDigest(),
          file,
          Integer.toString(document.line()),
          document.problems().toString(),
          duplicates.stream().map(d -> d.location().toString()).collect(Collectors.joining(",")),
          brokenFile == null ? "" : brokenFile.problems().toString());
    }
  }

  private final Map<ResourceKey, Declaration> byKey;
  private final Map<String, ManifestDocument> brokenFiles;
  private final List<ManifestDocument> unidentified;

  private Declarations(
      Map<ResourceKey, Declaration> byKey,
      Map<String, ManifestDocument> brokenFiles,
      List<ManifestDocument> unidentified) {
    this.byKey = byKey;
    this.brokenFiles = brokenFiles;
    this.unidentified = unidentified;
  }

  /**
   * Groups the documents read from {@code policiesDir} by key.
   *
   * @param currentFile the file (relative) that serves a key today, if any; among duplicates that
   *     one keeps the name, so adding a copy elsewhere never takes a working resource away
   */
  static Declarations of(
      List<ManifestDocument> documents,
      Path policiesDir,
      Function<ResourceKey, Optional<String>> currentFile) {
    Map<String, ManifestDocument> brokenFiles = new LinkedHashMap<>();
    for (ManifestDocument document : documents) {
      if (document.outcome() == Outcome.UNREADABLE) {
        brokenFiles.putIfAbsent(relative(policiesDir, document.file()), document);
      }
    }
    Map<ResourceKey, List<ManifestDocument>> candidates = new TreeMap<>();
    List<ManifestDocument> unidentified = new ArrayList<>();
    for (ManifestDocument document : documents) {
      if (document.skipped()) {
        continue;
      }
      Optional<ResourceKind> kind = document.kind().flatMap(ResourceKind::of);
      if (kind.isEmpty() || document.name().isEmpty()) {
        if (document.hasErrors()) {
          unidentified.add(document);
        }
        continue;
      }
      candidates
          .computeIfAbsent(
              new ResourceKey(kind.get(), document.name().get()), k -> new ArrayList<>())
          .add(document);
    }
    Map<ResourceKey, Declaration> byKey = new TreeMap<>();
    candidates.forEach(
        (key, list) -> {
          Optional<String> serving = currentFile.apply(key);
          ManifestDocument chosen =
              list.stream()
                  .filter(
                      d ->
                          serving.isPresent()
                              && serving.get().equals(relative(policiesDir, d.file())))
                  .findFirst()
                  .orElse(list.get(0));
          String file = relative(policiesDir, chosen.file());
          List<ManifestDocument> duplicates = list.stream().filter(d -> d != chosen).toList();
          byKey.put(key, new Declaration(key, chosen, file, duplicates, brokenFiles.get(file)));
        });
    return new Declarations(byKey, brokenFiles, unidentified);
  }

  /** The declarations, BackupPolicies first. */
  Map<ResourceKey, Declaration> byKey() {
    return byKey;
  }

  /** The unreadable document of a file (relative path), if the file does not parse. */
  Optional<ManifestDocument> brokenFile(String file) {
    return Optional.ofNullable(brokenFiles.get(file));
  }

  /** Documents with errors that name no resource (no kind, no valid name): only logged. */
  List<ManifestDocument> unidentified() {
    return unidentified;
  }

  /**
   * A manifest path relative to the policies directory, with '/' separators, as status files store
   * it.
   */
  static String relative(Path policiesDir, Path file) {
    Path base = policiesDir.toAbsolutePath().normalize();
    Path absolute = file.toAbsolutePath().normalize();
    Path relative = absolute.startsWith(base) ? base.relativize(absolute) : absolute;
    return relative.toString().replace('\\', '/');
  }

  /** The first error of a document, for one-line messages. */
  static Optional<ManifestProblem> firstError(ManifestDocument document) {
    return document.problems().stream().filter(ManifestProblem::isError).findFirst();
  }
}
