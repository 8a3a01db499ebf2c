package dev.bulwark.engine.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where every object of one repository lives (see docs/format.md, "Repository layout").
 *
 * <pre>
 * backups/{env}/{date}/{job_id}/backup_manifest.json        the commit point of a snapshot
 * backups/{env}/{date}/{job_id}/packs/{pack_id}.tar.zst     data (.tar.zst.gcm when encrypted)
 * backups/{env}/catalog/{policy}/{job_id}_{type}_{finished}[_{label}]*.json   catalog entries
 * backups/{env}/locks/{policy}.json                         the policy's lock
 * backups/{env}/state/{policy}/latest_{target}.json         newest successful job
 * backups/{env}/state/{policy}/prune_pending.json           work an interrupted prune left
 * </pre>
 */
public final class RepositoryLayout {
  /** The manifest's file name inside a job directory. */
  public static final String MANIFEST_NAME = "backup_manifest.json";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final DateTimeFormatter FINISHED =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String env;
  private final String policy;
  private final String root;

  /** The layout of policy {@code policy}'s snapshots in environment {@code env}. */
  public RepositoryLayout(String env, String policy) {
    this.env = checkName("env", env);
    this.policy = checkName("policy", policy);
    this.root = "backups/" + env + "/";
  }

  /** Fails unless {@code value} is a safe key segment (letters, digits, '.', '_', '-'). */
  public static String checkName(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' must be 1-63 letters, digits, '.', '_' or '-' and start with a letter or digit");
    }
    return value;
  }

  /** Fails unless {@code label} is a valid snapshot label (lower-case letters, digits, '-'). */
  public static String checkLabel(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "label '" + label + "' must be 1-40 lower-case letters, digits or '-', e.g. pre-upgrade");
    }
    return label;
  }

  public String env() {
    return env;
  }

  public String policy() {
    return policy;
  }

  /** {@code backups/{env}/}. */
  public String root() {
    return root;
  }

  /** {@code backups/{env}/{date}/{job_id}/}: everything one job writes. */
  public String jobPrefix(String jobId) {
    return root + JobId.datePartition(jobId) + "/" + jobId + "/";
  }

  /** The manifest of a job. */
  public String manifestKey(String jobId) {
    return jobPrefix(jobId) + MANIFEST_NAME;
  }

  /** The seekable index of a job's snapshot (docs/format.md, "Seekable index"). */
  public String indexKey(String jobId, boolean encrypted) {
    return jobPrefix(jobId) + (encrypted ? "index.zst.gcm" : "index.zst");
  }

  /** The key of a pack written by {@code jobId}. */
  public String packKey(String jobId, String packId, boolean encrypted) {
    return jobPrefix(jobId) + "packs/" + packId + (encrypted ? ".tar.zst.gcm" : ".tar.zst");
  }

  /** {@code backups/{env}/catalog/{policy}/}. */
  public String catalogPrefix() {
    return root + "catalog/" + policy + "/";
  }

  /** The catalog entry key that encodes a snapshot's listing fields. */
  public String catalogKey(
      String jobId, SnapshotType type, Instant finishedAt, List<String> labels) {
    StringBuilder key = new StringBuilder(catalogPrefix());
    key.append(JobId.check(jobId)).append('_').append(type.wireName()).append('_');
    key.append(FINISHED.format(finishedAt));
    for (String label : labels) {
      key.append('_').append(checkLabel(label));
    }
    return key.append(".json").toString();
  }

  /** The fields a catalog key encodes, or empty when {@code key} is not a catalog entry. */
  public Optional<CatalogKey> parseCatalogKey(String key) {
    String prefix = catalogPrefix();
    if (!key.startsWith(prefix) || !key.endsWith(".json")) {
      return Optional.empty();
    }
    String[] parts = key.substring(prefix.length(), key.length() - 5).split("_", -1);
    if (parts.length < 3 || !JobId.isValid(parts[0])) {
      return Optional.empty();
    }
    try {
      SnapshotType type = SnapshotType.fromWireName(parts[1]);
      Instant finished = FINISHED.parse(parts[2], Instant::from);
      List<String> labels = new ArrayList<>();
      for (int i = 3; i < parts.length; i++) {
        labels.add(checkLabel(parts[i]));
      }
      return Optional.of(new CatalogKey(key, parts[0], type, finished, List.copyOf(labels)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The policy's lock object. */
  public String lockKey() {
    return root + "locks/" + policy + ".json";
  }

  /** The policy's pointer to its newest successful job on target {@code provider}. */
  public String latestKey(String provider) {
    return root + "state/" + policy + "/latest_" + checkName("target", provider) + ".json";
  }

  /** What a prune still has to delete; present only while a prune runs or after one failed. */
  public String pruneJournalKey() {
    return root + "state/" + policy + "/prune_pending.json";
  }

  /**
   * The job whose directory holds {@code key} ({@code backups/{env}/{date}/{job_id}/...}), or empty
   * when the key is not inside a job directory of this environment.
   */
  public Optional<String> jobOf(String key) {
    if (!key.startsWith(root)) {
      return Optional.empty();
    }
    String[] parts = key.substring(root.length()).split("/", 3);
    if (parts.length < 3 || parts[2].isEmpty() || !JobId.isValid(parts[1])) {
      return Optional.empty();
    }
    return JobId.datePartition(parts[1]).equals(parts[0])
        ? Optional.of(parts[1])
        : Optional.empty();
  }

  /** Listing fields encoded in a catalog key, so listing needs no object reads. */
  public record CatalogKey(
      String key, String jobId, SnapshotType type, Instant finishedAt, List<String> labels) {}
}
