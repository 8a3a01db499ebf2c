package dev.bulwark.engine.repository;

import dev.bulwark.engine.EncryptionKeyException;
import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.IntegrityException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.catalog.CommittedSnapshot;
import dev.bulwark.engine.catalog.SnapshotCatalog;
import dev.bulwark.engine.catalog.SnapshotIndex;
import dev.bulwark.engine.catalog.SnapshotSummary;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.format.CatalogEntry;
import dev.bulwark.engine.format.FormatException;
import dev.bulwark.engine.format.FormatVersion;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.format.Sha256;
import dev.bulwark.engine.retention.CycleBound;
import dev.bulwark.engine.retention.ObjectExpiry;
import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One policy's snapshots in one environment on one target: the object every engine works on.
 *
 * <pre>{@code
 * Repository repo = Repository.builder(new LocalTarget(dir), "prod", "teaching-data")
 *     .encryptionKey(EncryptionKey.fromEnv("BULWARK_ENCRYPTION_KEY"))
 *     .build();
 * BackupResult result = new BackupEngine(repo).backup(request, listener);
 * }</pre>
 */
public final class Repository {
  /** The largest manifest or catalog document read into memory. */
  public static final int MAX_DOCUMENT_BYTES = 1 << 30;

  private final Target target;
  private final RepositoryLayout layout;
  private final EncryptionKey encryptionKey;
  private final Map<String, String> objectTags;
  private final Clock clock;
  private final CycleBound cycleBound;
  private final ObjectExpiry objectExpiry;
  private final SnapshotCatalog catalog;

  private Repository(Builder b) {
    this.target = b.target;
    this.layout = new RepositoryLayout(b.env, b.policy);
    this.encryptionKey = b.encryptionKey;
    this.objectTags = Map.copyOf(b.objectTags);
    this.clock = b.clock;
    this.cycleBound = b.cycleBound;
    this.objectExpiry = ObjectExpiry.fromTags(objectTags, cycleBound);
    this.catalog = new SnapshotCatalog(target, layout, clock);
  }

  /** Opens policy {@code policy}'s repository in environment {@code env}, unencrypted. */
  public static Repository open(Target target, String env, String policy) {
    return builder(target, env, policy).build();
  }

  /** Starts configuring a repository. */
  public static Builder builder(Target target, String env, String policy) {
    return new Builder(target, env, policy);
  }

  public Target target() {
    return target;
  }

  public RepositoryLayout layout() {
    return layout;
  }

  /** The key new snapshots are sealed with and encrypted snapshots are opened with. */
  public Optional<EncryptionKey> encryptionKey() {
    return Optional.ofNullable(encryptionKey);
  }

  /**
   * Tags put on every object the engine writes (e.g. tier=hot, expire_after_days=180). The engine
   * adds {@code policy} and {@code job}, and writes {@code expire_after_days} per object as {@link
   * #objectExpiry()} says.
   */
  public Map<String, String> objectTags() {
    return objectTags;
  }

  /**
   * How long each object must live on a bucket with lifecycle rules, derived from the {@code
   * expire_after_days} object tag and the cycle bound; empty when no expiry tag was given.
   */
  public Optional<ObjectExpiry> objectExpiry() {
    return Optional.ofNullable(objectExpiry);
  }

  /** How long a cycle may grow before the next job starts a new one with a full. */
  public CycleBound cycleBound() {
    return cycleBound;
  }

  public Clock clock() {
    return clock;
  }

  public SnapshotCatalog catalog() {
    return catalog;
  }

  /** The catalog entry of a snapshot, checked for format and identity. */
  public CatalogEntry readCatalogEntry(SnapshotSummary snapshot) throws EngineException {
    return parseCatalogEntry(readObject(snapshot.catalogKey(), "reading catalog entry"), snapshot);
  }

  private static CatalogEntry parseCatalogEntry(byte[] bytes, SnapshotSummary snapshot)
      throws EngineException {
    CatalogEntry entry = Json.read(bytes, CatalogEntry.class, snapshot.catalogKey());
    FormatVersion.check(entry.formatVersion(), snapshot.catalogKey());
    if (!snapshot.jobId().equals(entry.jobId())) {
      throw new IntegrityException(
          snapshot.catalogKey(),
          "names job " + entry.jobId() + " but its key names " + snapshot.jobId());
    }
    return entry;
  }

  /**
   * A snapshot's manifest, verified against the SHA-256 its catalog entry recorded at commit time,
   * and checked for a known format version.
   */
  public Manifest readManifest(SnapshotSummary snapshot) throws EngineException {
    return readCommitted(snapshot).manifest();
  }

  /**
   * A snapshot's catalog entry and manifest, the manifest verified against the SHA-256 the entry
   * recorded at commit time. Two reads.
   */
  public CommittedSnapshot readCommitted(SnapshotSummary snapshot) throws EngineException {
    byte[] entryBytes = readObject(snapshot.catalogKey(), "reading catalog entry");
    CatalogEntry entry = parseCatalogEntry(entryBytes, snapshot);
    String key = snapshot.manifestKey();
    byte[] bytes = readObject(key, "reading manifest");
    String actual = Sha256.hex(bytes);
    if (!actual.equals(entry.manifestSha256())) {
      throw new IntegrityException(
          key,
          "manifest is corrupt, or the hash its catalog entry "
              + snapshot.catalogKey()
              + " recorded is: its SHA-256 is "
              + actual
              + " but the entry recorded "
              + entry.manifestSha256());
    }
    Manifest manifest = parseManifest(bytes, key);
    if (!snapshot.jobId().equals(manifest.jobId())) {
      throw new IntegrityException(
          key, "names job " + manifest.jobId() + ", not " + snapshot.jobId());
    }
    return new CommittedSnapshot(snapshot, entryBytes, entry, manifest);
  }

  /** Parses a manifest document and checks its format version. */
  public static Manifest parseManifest(byte[] bytes, String key) throws FormatException {
    // Check the version before binding so an unknown format fails with the version message.
    FormatVersion.check(Json.topLevelInt(bytes, "format_version", key), key);
    Manifest manifest = Json.read(bytes, Manifest.class, key);
    if (manifest.jobId() == null || manifest.snapshotType() == null || manifest.files() == null) {
      throw new FormatException(key, "lacks job_id, snapshot_type or files");
    }
    return manifest;
  }

  /**
   * The complete index of a snapshot: its manifest plus, for an incremental, its cycle's full
   * manifest (two manifest reads at most, whatever the length of the cycle).
   */
  public SnapshotIndex readIndex(SnapshotSummary snapshot) throws EngineException {
    Manifest manifest = readManifest(snapshot);
    if (manifest.isFull()) {
      return new SnapshotIndex(snapshot, manifest, manifest);
    }
    String fullId = manifest.parentFull();
    if (fullId == null) {
      throw new FormatException(snapshot.manifestKey(), "is incremental but names no parent_full");
    }
    SnapshotSummary full =
        catalog
            .find(fullId)
            .orElseThrow(
                () ->
                    new IntegrityException(
                        snapshot.manifestKey(),
                        "depends on full snapshot " + fullId + ", which is not in the catalog"));
    Manifest fullManifest = readManifest(full);
    if (!fullManifest.isFull()) {
      throw new IntegrityException(full.manifestKey(), "is named as a full but is incremental");
    }
    return new SnapshotIndex(snapshot, manifest, fullManifest);
  }

  /**
   * Fails unless this repository's key can open data written under {@code manifest}'s encryption
   * settings.
   */
  public void checkKeyFor(Manifest manifest, String manifestKey) throws EncryptionKeyException {
    Manifest.Encryption encryption = manifest.encryption();
    if (encryption == null) {
      return;
    }
    checkKeyId(manifest.jobId(), encryption.keyId(), manifestKey);
  }

  /**
   * Fails unless this repository's key is the one with id {@code keyId} that snapshot {@code jobId}
   * was sealed with ({@code objectKey} names the object for the message).
   */
  public void checkKeyId(String jobId, String keyId, String objectKey)
      throws EncryptionKeyException {
    if (encryptionKey == null) {
      throw new EncryptionKeyException(
          objectKey,
          "snapshot "
              + jobId
              + " is encrypted (key id "
              + keyId
              + ") and no encryption key was given");
    }
    if (!Objects.equals(encryptionKey.keyId(), keyId)) {
      throw new EncryptionKeyException(
          objectKey,
          "wrong encryption key: snapshot "
              + jobId
              + " was written with key id "
              + keyId
              + " but the key given has id "
              + encryptionKey.keyId());
    }
  }

  private byte[] readObject(String key, String action) throws EngineException {
    try {
      return target.read(key, MAX_DOCUMENT_BYTES);
    } catch (ObjectNotFoundException e) {
      throw new IntegrityException(key, "is missing from " + target.describe(), e);
    } catch (IOException e) {
      throw new TargetAccessException(key, action, e);
    }
  }

  /** Configures a {@link Repository}. */
  public static final class Builder {
    private final Target target;
    private final String env;
    private final String policy;
    private EncryptionKey encryptionKey;
    private Map<String, String> objectTags = new TreeMap<>();
    private Clock clock = Clock.systemUTC();
    private CycleBound cycleBound = new CycleBound(CycleBound.DEFAULT_MAX_DAYS);

    private Builder(Target target, String env, String policy) {
      this.target = Objects.requireNonNull(target, "target");
      this.env = env;
      this.policy = policy;
    }

    /** Seal new snapshots with {@code key} and open encrypted ones with it (null: none). */
    public Builder encryptionKey(EncryptionKey key) {
      this.encryptionKey = key;
      return this;
    }

    /**
     * Tags for every object written (the tiering tags of R11 come in through here, e.g. {@link
     * dev.bulwark.engine.retention.RetentionPolicy#objectTags()}). {@code expire_after_days}, when
     * given, must be a whole number of days: the snapshot retention.
     */
    public Builder objectTags(Map<String, String> tags) {
      this.objectTags = new TreeMap<>(tags);
      return this;
    }

    /** The clock for job ids, lock times and "now" (tests use a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Days after a full during which incrementals may join its cycle (default {@value
     * CycleBound#DEFAULT_MAX_DAYS}); later jobs start a new cycle with a full. Use the same value
     * for every job of a repository: object expiry tags depend on it.
     */
    public Builder maxCycleDays(int days) {
      this.cycleBound = new CycleBound(days);
      return this;
    }

    /**
     * @throws IllegalArgumentException when the {@code expire_after_days} tag is not a whole number
     *     of days
     */
    public Repository build() {
      return new Repository(this);
    }
  }
}
