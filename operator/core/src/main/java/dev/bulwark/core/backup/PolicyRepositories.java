package dev.bulwark.core.backup;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Encryption;
import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.common.SecretRef;
import dev.bulwark.api.common.WireNames;
import dev.bulwark.core.Environment;
import dev.bulwark.engine.EncryptionKeyException;
import dev.bulwark.engine.Repository;
import dev.bulwark.engine.backup.Source;
import dev.bulwark.engine.crypto.EncryptionKey;
import dev.bulwark.engine.format.Priority;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.nio.file.Path;
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
 * tags for the hot/cold lifecycle) and the engine's sources.
 */
public final class PolicyRepositories {
  private final Environment environment;
  private final TargetSelection selection;
  private final Map<TargetProvider, TargetOpener> openers;

  /** Openers per provider; a provider without one fails jobs that select it, with the reason. */
  public PolicyRepositories(Environment environment, Map<TargetProvider, TargetOpener> openers) {
    this.environment = environment;
    this.selection = new TargetSelection(environment);
    this.openers = new EnumMap<>(TargetProvider.class);
    this.openers.putAll(openers);
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
  public PolicyRepository openOn(BackupPolicy policy, TargetProvider provider) throws JobSetupException {
    TargetOpener opener = openers.get(provider);
    if (opener == null) {
      throw new JobSetupException(
          "target " + WireNames.of(provider) + " is not available in this runtime (available: "
              + String.join(", ", openers.keySet().stream().map(WireNames::of).toList()) + ")");
    }
    Target target;
    try {
      target = opener.open(policy);
    } catch (IOException | RuntimeException e) {
      throw new JobSetupException(
          "target " + WireNames.of(provider) + " of BackupPolicy/" + name(policy) + " cannot be opened: "
              + e.getMessage(), e);
    }
    Repository.Builder repository =
        Repository.builder(target, envOf(policy), name(policy)).objectTags(objectTags(policy));
    encryptionKey(policy).ifPresent(repository::encryptionKey);
    return new PolicyRepository(name(policy), provider, repository.build(), sources(policy));
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
        retention != null && retention.getColdDays() != null ? retention.getColdDays() : environment.coldDays();
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
      String value =
          environment
              .get(ref.getEnv())
              .orElseThrow(
                  () ->
                      new JobSetupException(
                          "BackupPolicy/" + name(policy) + ": spec.encryption.keyFrom.env names "
                              + ref.getEnv() + ", which is not set"));
      return Optional.of(EncryptionKey.parse(value, "environment variable " + ref.getEnv()));
    } catch (EncryptionKeyException e) {
      throw new JobSetupException("BackupPolicy/" + name(policy) + ": " + e.getMessage(), e);
    }
  }

  private static List<Source> sources(BackupPolicy policy) throws JobSetupException {
    List<Source> sources = new ArrayList<>();
    List<dev.bulwark.api.backup.Source> declared = policy.getSpec().getSources();
    for (int i = 0; i < declared.size(); i++) {
      dev.bulwark.api.backup.Source source = declared.get(i);
      if (source.getPath() == null) {
        throw new JobSetupException(
            "BackupPolicy/" + name(policy) + ": spec.sources[" + i + "] is a PostgreSQL source;"
                + " this version of bulwark backs up directory sources only");
      }
      try {
        sources.add(
            new Source(
                Path.of(source.getPath()),
                source.getDomain(),
                Priority.valueOf(WireNames.of(source.getPriority())),
                source.getInclude(),
                source.getExclude()));
      } catch (IllegalArgumentException e) {
        throw new JobSetupException("BackupPolicy/" + name(policy) + ": spec.sources[" + i + "]: " + e.getMessage());
      }
    }
    sources.sort(Comparator.comparing(Source::priority));
    return sources;
  }

  private static String name(BackupPolicy policy) {
    return policy.getMetadata().getName();
  }
}
