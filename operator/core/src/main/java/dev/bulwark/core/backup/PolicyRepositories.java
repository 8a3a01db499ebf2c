package dev.bulwark.core.backup;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.backup.PostgresSource;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.core.postgres.PolicyDatabases;
import dev.bulwark.core.postgres.PostgresConnection;
import dev.bulwark.core.postgres.PostgresDumper;
import dev.bulwark.core.postgres.PostgresTools;
import dev.bulwark.core.secrets.LocalSecrets;
import dev.bulwark.core.secrets.SecretResolver;
import dev.bulwark.core.secrets.SecretUnavailableException;
import dev.bulwark.engine.EncryptionKeyException;
import dev.bulwark.engine.backup.SourceDirectory;
import dev.bulwark.engine.backup.StreamSource;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.format.SourcePriority;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a BackupPolicy to the snapshot engine: selects the job's single target, opens it through
 * the opener registered for that provider, and builds the repository (env, encryption key, object
 * tags for the hot/cold lifecycle) and the engine's sources: directories, and PostgreSQL databases
 * as streams dumped by {@code pg_dump}.
 */
public final class PolicyRepositories {
  private final Environment environment;
  private final TargetSelection selection;
  private final Map<TargetProvider, TargetOpener> openers;
  private final Clock clock;
  private final SecretResolver secrets;

  /** Openers per provider; a provider without one fails jobs that select it, with the reason. */
  public PolicyRepositories(Environment environment, Map<TargetProvider, TargetOpener> openers) {
    this(environment, openers, Clock.systemUTC());
  }

  /**
   * Like {@link #PolicyRepositories(Environment, Map)}, with the repositories' clock (retention
   * tests).
   */
  public PolicyRepositories(
      Environment environment, Map<TargetProvider, TargetOpener> openers, Clock clock) {
    this(environment, openers, clock, new LocalSecrets(environment));
  }

  /**
   * Like {@link #PolicyRepositories(Environment, Map, Clock)}, reading encryption keys and database
   * passwords through {@code secrets} (on Kubernetes: also Secrets by reference).
   */
  public PolicyRepositories(
      Environment environment,
      Map<TargetProvider, TargetOpener> openers,
      Clock clock,
      SecretResolver secrets) {
    this.secrets = secrets;
    this.clock = clock;
    this.environment = environment;
    this.selection = new TargetSelection(environment);
    this.openers = new EnumMap<>(TargetProvider.class);
    this.openers.putAll(openers);
  }

  /** Where encryption keys and database passwords are read from. */
  public SecretResolver secrets() {
    return secrets;
  }

  /** Opens the repository a job of {@code policy} writes to (or restores from). */
  public PolicyRepository open(BackupPolicy policy, Optional<TargetProvider> override)
      throws JobSetupException {
    return openOn(policy, selection.select(policy, override));
  }

  /** The single target a job of {@code policy} writes to (R7). */
  public TargetProvider select(BackupPolicy policy, Optional<TargetProvider> override)
      throws JobSetupException {
    return selection.select(policy, override);
  }

  /** The target a failed job may switch to (see {@link TargetSelection#fallbackFor}). */
  public Optional<TargetProvider> fallbackFor(BackupPolicy policy, TargetProvider failed) {
    return selection.fallbackFor(policy, failed);
  }

  /** Opens the repository of {@code policy} on exactly {@code provider}. */
  public PolicyRepository openOn(BackupPolicy policy, TargetProvider provider)
      throws JobSetupException {
    TargetOpener opener = openers.get(provider);
    if (opener == null) {
      throw new JobSetupException(
          "target "
              + WireNames.of(provider)
              + " is not available in this runtime (available: "
              + String.join(", ", openers.keySet().stream().map(WireNames::of).toList())
              + ")");
    }
    Target target;
    try {
      target = opener.open(policy);
    } catch (IOException | RuntimeException e) {
      throw new JobSetupException(
          "target "
              + WireNames.of(provider)
              + " of BackupPolicy/"
              + name(policy)
              + " cannot be opened: "
              + e.getMessage(),
          e);
    }
    Repository.Builder repository =
        Repository.builder(target, envOf(policy), name(policy))
            .objectTags(objectTags(policy))
            .clock(clock);
    encryptionKey(policy).ifPresent(repository::encryptionKey);
    return new PolicyRepository(
        name(policy), provider, repository.build(), sources(policy), databases(policy));
  }

  /** The {env} of the object layout: spec.env, else BACKUP_NAMESPACE, else "default". */
  public String envOf(BackupPolicy policy) {
    String env = policy.getSpec().getEnv();
    return env != null && !env.isBlank() ? env : environment.namespace().orElse("default");
  }

  /**
   * Tags every object carries (R11): the tier and when it expires, so bucket lifecycle rules can
   * move and expire it; plus the policy, for humans browsing the bucket.
   */
  private Map<String, String> objectTags(BackupPolicy policy) {
    Retention retention = policy.getSpec().getRetention();
    int coldDays =
        retention != null && retention.getColdDays() != null
            ? retention.getColdDays()
            : environment.coldDays();
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("tier", "hot");
    tags.put("expire_after_days", Integer.toString(coldDays));
    tags.put("policy", name(policy));
    return tags;
  }

  private Optional<EncryptionKey> encryptionKey(BackupPolicy policy) throws JobSetupException {
    Encryption encryption = policy.getSpec().getEncryption();
    if (encryption == null || encryption.getKeyFrom() == null) {
      return Optional.empty();
    }
    SecretRef ref = encryption.getKeyFrom();
    try {
      if (ref.getFile() != null) {
        return Optional.of(EncryptionKey.fromFile(Path.of(ref.getFile())));
      }
      String value = secrets.resolve(ref, namespaceOf(policy), "spec.encryption.keyFrom");
      String label =
          ref.getEnv() != null
              ? "environment variable " + ref.getEnv()
              : "Secret " + ref.getSecret().getName() + " key " + ref.getSecret().getKey();
      return Optional.of(EncryptionKey.parse(value, label));
    } catch (SecretUnavailableException e) {
      throw new JobSetupException("BackupPolicy/" + name(policy) + ": " + e.getMessage(), e);
    } catch (EncryptionKeyException e) {
      throw new JobSetupException("BackupPolicy/" + name(policy) + ": " + e.getMessage(), e);
    }
  }

  /** The directory sources of {@code policy}, P0 first (its PostgreSQL sources are streams). */
  private static List<SourceDirectory> sources(BackupPolicy policy) throws JobSetupException {
    List<SourceDirectory> sources = new ArrayList<>();
    List<Source> declared = policy.getSpec().getSources();
    for (int i = 0; i < declared.size(); i++) {
      Source source = declared.get(i);
      if (source.getPersistentVolumeClaim() != null) {
        // Never skipped silently: a job that left a volume out would look like a good backup.
        throw new JobSetupException(
            "BackupPolicy/"
                + name(policy)
                + ": spec.sources["
                + i
                + "].persistentVolumeClaim: claim "
                + source.getPersistentVolumeClaim().getClaimName()
                + " is backed up only by `bulwark operator` on Kubernetes, in a Job that mounts it;"
                + " this process cannot read it (in compose mode, name the directory with path)");
      }
      if (source.getPath() == null) {
        continue;
      }
      try {
        sources.add(
            new SourceDirectory(
                Path.of(source.getPath()),
                source.getDomain(),
                SourcePriority.valueOf(WireNames.of(source.getPriority())),
                source.getInclude(),
                source.getExclude()));
      } catch (IllegalArgumentException e) {
        throw new JobSetupException(
            "BackupPolicy/" + name(policy) + ": spec.sources[" + i + "]: " + e.getMessage());
      }
    }
    sources.sort(Comparator.comparing(SourceDirectory::priority));
    return sources;
  }

  /**
   * The PostgreSQL sources of {@code policy} as streams, P0 first: each runs {@code pg_dump} when a
   * job reads it, with the password read from {@code passwordFrom} at that moment.
   */
  private List<StreamSource> databases(BackupPolicy policy) throws JobSetupException {
    PostgresDumper dumper = new PostgresDumper(PostgresTools.from(environment));
    List<StreamSource> streams = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    List<Source> declared = policy.getSpec().getSources();
    for (int i = 0; i < declared.size(); i++) {
      Source source = declared.get(i);
      if (source.getPath() == null
          && source.getPostgres() != null
          && (source.getPostgres().getDatabase() == null
              || source.getPostgres().getDatabase().isBlank())) {
        throw new JobSetupException(
            "BackupPolicy/"
                + name(policy)
                + ": spec.sources["
                + i
                + "].postgres.database is"
                + " required");
      }
    }
    for (PolicyDatabases.Database db : PolicyDatabases.of(policy)) {
      PostgresSource pg = db.source();
      Source source =
          declared.stream().filter(s -> s.getPostgres() == pg).findFirst().orElseThrow();
      String earlier = seen.putIfAbsent(db.streamPath(), db.field());
      if (earlier != null) {
        throw new JobSetupException(
            db.field()
                + ": database "
                + pg.getDatabase()
                + " would be stored as "
                + db.streamPath()
                + ", like "
                + earlier
                + "; give the two sources different"
                + " domains");
      }
      try {
        // Without the password: it is read when the dump starts, so a job (not the binding) fails.
        PostgresConnection described =
            new PostgresConnection(
                pg.getHost(),
                pg.getPort() == null ? PostgresConnection.DEFAULT_PORT : pg.getPort(),
                pg.getUser(),
                null);
        streams.add(
            dumper.source(
                db.domain(),
                SourcePriority.valueOf(WireNames.of(source.getPriority())),
                pg.getDatabase(),
                "pg_dump --format=custom " + described.describe(pg.getDatabase()),
                () -> PostgresConnection.of(pg, secrets, namespaceOf(policy), db.field())));
      } catch (IllegalArgumentException e) {
        throw new JobSetupException(db.field() + ": " + e.getMessage());
      }
    }
    streams.sort(Comparator.comparing(StreamSource::priority));
    return streams;
  }

  private static Optional<String> namespaceOf(BackupPolicy policy) {
    return Optional.ofNullable(policy.getRef().namespace()).filter(n -> !n.isBlank());
  }

  private static String name(BackupPolicy policy) {
    return policy.getRef().name();
  }
}
