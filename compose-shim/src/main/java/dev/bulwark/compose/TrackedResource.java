package dev.bulwark.compose;

import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.manifests.FieldLocator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the runtime knows about one resource between reconciles: its declaration, generation, last
 * status and whether it is served. Touched only by the runtime's single reconcile thread.
 */
final class TrackedResource {
  final ResourceKey key;

  /** Declaring file, relative to the policies directory (as stored in status files). */
  String sourceFile;

  int line;
  long generation;
  String specDigest;

  /** Identity of the declaration last acted on; null until this process has seen it. */
  String fingerprint;

  ResourceStatus status;

  /** The resolved resource while it is valid and served; null otherwise. */
  Resource<?, ?> served;

  /** What the status file lists: {@link #manifestProblems} plus the controller's spec findings. */
  List<StatusFile.Problem> problems = List.of();

  /** Problems of the declaration itself (syntax, binding, duplicates), from the last scan. */
  List<StatusFile.Problem> manifestProblems = List.of();

  /** Lines of the declaration's fields, to place spec findings; null when not known. */
  FieldLocator locator;

  boolean deleted;
  int consecutiveFailures;
  Instant requeueAt;

  /**
   * The own webhook URL of the last served declaration (a policy's spec.webhookUrl), for alerts
   * once it is not.
   */
  String webhookUrl;

  /**
   * The last status of the resource's previous life when it was deleted and is declared again: what
   * its first decision is alerted against (a recovery from Deleted). Cleared once used.
   */
  ResourceStatus previousLife;

  TrackedResource(ResourceKey key) {
    this.key = key;
  }

  /** The status the next decision replaces, as far as alerting is concerned. */
  ResourceStatus statusBefore() {
    return status != null ? status : previousLife;
  }

  /** Where the declaration is, for messages: the file under the policies directory and line. */
  Path file(Path policiesDir) {
    return policiesDir.resolve(sourceFile);
  }
}
