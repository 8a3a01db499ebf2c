package dev.bulwark.core.verify;

import dev.bulwark.core.RecordFolder;
import dev.bulwark.core.StatePaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The verify runs of every policy: one JSON file per run, {@code
 * <state>/verify/<policy>/<run_id>.json} ({@code <state>/verify/<namespace>/<policy>/...} on
 * Kubernetes), replaced atomically ({@link RecordFolder}); the folder also holds the policy's
 * verify lock. Only the newest {@link #KEPT_PER_POLICY} are kept.
 */
public final class VerifyStore {
  /** How many run records a policy keeps on disk. */
  public static final int KEPT_PER_POLICY = 50;

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final StatePaths paths;
  private final RecordFolder<VerifyRecord> records =
      new RecordFolder<>(VerifyRecord.class, "verify record");

  /** A store under the state directory laid out by {@code paths}. */
  public VerifyStore(StatePaths paths) {
    this.paths = paths;
  }

  /** The directory of one policy's verify runs and lock. */
  public Path directory(Optional<String> namespace, String policy) {
    Path verify = paths.root().resolve("verify");
    if (namespace.isPresent()) {
      verify = verify.resolve(checked(namespace.get()));
    }
    return verify.resolve(checked(policy));
  }

  /** Writes (or replaces) one record atomically. */
  public void write(VerifyRecord record) {
    records.write(
        directory(Optional.ofNullable(record.namespace()), record.policy()),
        record.runId(),
        record);
  }

  /** The newest {@code limit} runs of a policy, newest first. */
  public List<VerifyRecord> recent(Optional<String> namespace, String policy, int limit) {
    return records.newest(directory(namespace, policy), limit);
  }

  /** Removes all but the newest {@link #KEPT_PER_POLICY} records of a policy. */
  public void trim(Optional<String> namespace, String policy) {
    records.keepNewest(directory(namespace, policy), KEPT_PER_POLICY);
  }

  private static String checked(String name) {
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a resource name: " + name);
    }
    return name;
  }
}
