package dev.bulwark.compose.status;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where everything lives in the state directory of compose mode; the one place that knows the
 * layout, so readers (the CLI, CI) and writers agree.
 *
 * <pre>
 * &lt;state&gt;/status/&lt;kind&gt;/&lt;name&gt;.json      one resource's status envelope (kind lowercase)
 * &lt;state&gt;/status/unattributed.json       policy files no resource can be read from
 * &lt;state&gt;/daemon.lock                    the lease of the one active {@code bulwark run}
 * &lt;state&gt;/gate.json                      the release gate's last decision
 * &lt;state&gt;/audit/restore_audit.jsonl      one record per drill or restore
 * &lt;state&gt;/audit/migration_audit.jsonl    one record per migration run
 * &lt;state&gt;/state/latest_&lt;target&gt;.json     newest successful job per target
 * </pre>
 */
public final class StateLayout {
  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern TARGET = Pattern.compile("[a-z0-9]+");

  private final Path root;

  /** The layout of the state directory {@code root} (which need not exist yet). */
  public StateLayout(Path root) {
    this.root = root;
  }

  /** The state directory itself. */
  public Path root() {
    return root;
  }

  /** {@code <state>/status}, holding one folder per kind. */
  public Path statusDir() {
    return root.resolve("status");
  }

  /** {@code <state>/status/<kind lowercase>}. */
  public Path statusDir(String kind) {
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("not a kind: " + kind);
    }
    return statusDir().resolve(kind.toLowerCase(Locale.ROOT));
  }

  /**
   * {@code <state>/status/<kind lowercase>/<name>.json}.
   *
   * @throws IllegalArgumentException when the name is not a Kubernetes object name (which also
   *     keeps it from escaping the directory)
   */
  public Path statusFile(String kind, String name) {
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a resource name: " + name);
    }
    return statusDir(kind).resolve(name + ".json");
  }

  /** {@code <state>/status/unattributed.json}. */
  public Path unattributedFile() {
    return statusDir().resolve("unattributed.json");
  }

  /** {@code <state>/daemon.lock}, the lease of the active {@code bulwark run}. */
  public Path daemonLease() {
    return root.resolve("daemon.lock");
  }

  /** {@code <state>/gate.json}. */
  public Path gateFile() {
    return root.resolve("gate.json");
  }

  /** {@code <state>/audit}. */
  public Path auditDir() {
    return root.resolve("audit");
  }

  /** {@code <state>/audit/restore_audit.jsonl}. */
  public Path restoreAuditLog() {
    return auditDir().resolve("restore_audit.jsonl");
  }

  /** {@code <state>/audit/migration_audit.jsonl}. */
  public Path migrationAuditLog() {
    return auditDir().resolve("migration_audit.jsonl");
  }

  /** {@code <state>/state/latest_<target>.json}, e.g. {@code latest_s3.json}. */
  public Path latestFile(String target) {
    if (target == null || !TARGET.matcher(target).matches()) {
      throw new IllegalArgumentException("not a target: " + target);
    }
    return root.resolve("state").resolve("latest_" + target + ".json");
  }
}
