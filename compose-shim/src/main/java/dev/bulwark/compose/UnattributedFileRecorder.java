package dev.bulwark.compose;

import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.compose.status.StatusFileStore;
import dev.bulwark.compose.status.UnattributedFiles;
import dev.bulwark.compose.status.UnattributedFiles.Entry;
import dev.bulwark.core.alerts.AlertPolicy;
import dev.bulwark.core.gate.UnattributedFile;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestDocument.Outcome;
import dev.bulwark.manifests.ManifestProblem;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the record of policy files no resource can be read from ({@code
 * <state>/status/unattributed.json}): one entry per file, written when the set changes, handed to
 * the release gate (each blocks) and alerted like a resource's {@code Valid} condition (kind {@code
 * PolicyFile}, name the file's path): once when a file becomes unattributable, once when it is
 * fixed or removed, never again for an unchanged file after a restart. Runs on the loop thread
 * only.
 */
final class UnattributedFileRecorder {
  /** The kind alerts about a policy file carry, in place of a resource kind. */
  static final String KIND = "PolicyFile";

  private static final Logger LOG = LoggerFactory.getLogger(UnattributedFileRecorder.class);

  private final Path policiesDir;
  private final StatusFileStore store;
  private final RuntimeServices services;
  private final Clock clock;
  private final AtomicBoolean changed;
  private Map<String, Entry> recorded = Map.of();
  private boolean written;

  /**
   * @param changed set when the record changes, so the release gate is evaluated again
   */
  UnattributedFileRecorder(
      Path policiesDir,
      StatusFileStore store,
      RuntimeServices services,
      Clock clock,
      AtomicBoolean changed) {
    this.policiesDir = policiesDir;
    this.store = store;
    this.services = services;
    this.clock = clock;
    this.changed = changed;
  }

  /** Takes over what a previous run recorded, so an unchanged file is not alerted again. */
  void load() {
    try {
      recorded = byFile(store.readUnattributed().map(UnattributedFiles::files).orElse(List.of()));
      written = true;
    } catch (UncheckedIOException | IllegalStateException e) {
      LOG.warn(
          "previous record of unattributable policy files is unreadable; starting it afresh: {}",
          e.getMessage());
    }
  }

  /** The files recorded now, as gate inputs. */
  List<UnattributedFile> current() {
    return recorded.values().stream()
        .map(e -> new UnattributedFile(e.file(), e.message()))
        .toList();
  }

  /** Records the unattributable documents of one scan: writes, logs and alerts what changed. */
  void record(List<ManifestDocument> unidentified) {
    Instant now = clock.instant();
    Map<String, List<ManifestDocument>> byFile = new TreeMap<>();
    for (ManifestDocument document : unidentified) {
      byFile
          .computeIfAbsent(
              Declarations.relative(policiesDir, document.file()), f -> new ArrayList<>())
          .add(document);
    }
    Map<String, Entry> next = new TreeMap<>();
    byFile.forEach(
        (file, documents) -> next.put(file, entry(file, documents, recorded.get(file), now)));
    if (!next.equals(recorded)) {
      changed.set(true);
    }
    if (!next.equals(recorded) || !written) {
      try {
        store.writeUnattributed(
            new UnattributedFiles(
                UnattributedFiles.FORMAT_VERSION, now.toString(), List.copyOf(next.values())));
        written = true;
      } catch (UncheckedIOException e) {
        // Nothing logged or alerted yet: the next scan sees the same change and tries again.
        LOG.error(
            "cannot write {}: {}; trying again on the next scan",
            store.layout().unattributedFile(),
            e.getMessage());
        return;
      }
    }
    TreeSet<String> files = new TreeSet<>(recorded.keySet());
    files.addAll(next.keySet());
    for (String file : files) {
      Entry before = recorded.get(file);
      Entry after = next.get(file);
      if (after != null && (before == null || !before.message().equals(after.message()))) {
        LOG.error(
            "cannot serve (no kind or valid name; blocks the release gate until fixed or removed): {}",
            after.message());
      } else if (after == null) {
        LOG.info("policy file {} no longer blocks the release gate: {}", file, resolution(file));
      }
      AlertPolicy.Subject subject =
          new AlertPolicy.Subject(KIND, Optional.empty(), file, Optional.empty());
      services.alert(
          subject,
          asStatus(before, null, now),
          asStatus(after, before == null ? null : file, now),
          now);
    }
    recorded = next;
  }

  private Entry entry(String file, List<ManifestDocument> documents, Entry previous, Instant now) {
    List<StatusFile.Problem> problems = new ArrayList<>();
    for (ManifestDocument document : documents) {
      for (ManifestProblem problem : document.problems()) {
        if (problem.isError()) {
          problems.add(
              new StatusFile.Problem(
                  "error", file, problem.line(), problem.field(), problem.message()));
        }
      }
    }
    StatusFile.Problem first = problems.get(0);
    String message =
        file
            + ":"
            + first.line()
            + ": "
            + first.field()
            + ": "
            + first.message()
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    String reason =
        (unreadable(documents) ? ConditionReason.DOCUMENT_UNREADABLE : ConditionReason.SPEC_INVALID)
            .wireName();
    return new Entry(
        file, reason, message, previous == null ? now.toString() : previous.since(), problems);
  }

  /**
   * Like the reason of an invalid resource: no YAML, kind or version is unreadable; the rest is
   * invalid.
   */
  private static boolean unreadable(List<ManifestDocument> documents) {
    return documents.stream()
        .anyMatch(
            d ->
                d.outcome() == Outcome.UNREADABLE
                    || d.problems().stream()
                        .anyMatch(
                            p ->
                                p.isError()
                                    && (p.field().equals("apiVersion")
                                        || p.field().equals("kind"))));
  }

  /**
   * The file's state as a Valid condition, so the one alert policy decides: False while it is
   * recorded; True once a recorded file ({@code resolvedFile}) is fixed or removed; none otherwise.
   */
  private ResourceStatus asStatus(Entry entry, String resolvedFile, Instant now) {
    Condition valid = new Condition();
    valid.setType(ConditionType.VALID.wireName());
    valid.setLastTransitionTime(now.toString());
    if (entry != null) {
      valid.setStatus("False");
      valid.setReason(entry.reason());
      valid.setMessage(entry.message());
    } else if (resolvedFile != null) {
      valid.setStatus("True");
      valid.setReason(ConditionReason.SPEC_VALID.wireName());
      valid.setMessage(resolution(resolvedFile));
    } else {
      return null;
    }
    ResourceStatus status = new ResourceStatus();
    status.getConditions().add(valid);
    return status;
  }

  private String resolution(String file) {
    return Files.exists(policiesDir.resolve(file)) ? file + " was fixed" : file + " was removed";
  }

  private static Map<String, Entry> byFile(List<Entry> entries) {
    Map<String, Entry> map = new TreeMap<>();
    entries.forEach(e -> map.put(e.file(), e));
    return map;
  }
}
