package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.LifecycleRule.RuleStatus;
import com.aliyun.oss.model.LifecycleRule.StorageTransition;
import com.aliyun.oss.model.SetBucketLifecycleRequest;
import com.aliyun.oss.model.StorageClass;
import dev.bulwark.targets.lifecycle.BucketLifecycle;
import dev.bulwark.targets.lifecycle.LifecyclePlan;
import dev.bulwark.targets.lifecycle.LifecyclePolicy;
import dev.bulwark.targets.lifecycle.LifecycleRule;
import dev.bulwark.targets.lifecycle.TierRules;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * OSS bucket lifecycle through GetBucketLifecycle, SetBucketLifecycle (PutBucketLifecycle) and
 * DeleteBucketLifecycle: each rule has a prefix, tag conditions and a transition to {@code IA},
 * {@code Archive}, {@code ColdArchive} or {@code DeepColdArchive}, an expiration or both. Rules
 * Bulwark does not change are written back as the SDK read them.
 */
public final class OssBucketLifecycle implements BucketLifecycle {
  /** The cold class of a new transition rule when none is asked for. */
  static final String DEFAULT_COLD_CLASS = StorageClass.IA.toString();

  private final OSS oss;
  private final String bucket;
  private final String bucketPrefix;
  private final OssErrors errors;

  OssBucketLifecycle(OSS oss, String bucket, String bucketPrefix, OssErrors errors) {
    this.oss = oss;
    this.bucket = bucket;
    this.bucketPrefix = bucketPrefix;
    this.errors = errors;
  }

  @Override
  public void reconcile(LifecyclePolicy policy) throws IOException {
    LifecycleRule wanted = policy.toRule(bucketPrefix);
    StorageClass cold = StorageClass.parse(coldClass(policy.coldStorageClass()));
    List<com.aliyun.oss.model.LifecycleRule> rules = new ArrayList<>();
    for (com.aliyun.oss.model.LifecycleRule rule : read()) {
      if (!wanted.id().equals(rule.getId())) {
        rules.add(rule);
      }
    }
    com.aliyun.oss.model.LifecycleRule ours =
        new com.aliyun.oss.model.LifecycleRule(wanted.id(), wanted.keyPrefix(), RuleStatus.Enabled);
    ours.setTags(new TreeMap<>(wanted.tags()));
    ours.setStorageTransition(List.of(new StorageTransition(policy.hotDays(), cold)));
    ours.setExpirationDays(policy.coldDays());
    rules.add(ours);
    write(rules);
  }

  @Override
  public LifecyclePlan reconcile(TierRules rules, LocalDate today, boolean apply)
      throws IOException {
    TierRules wanted =
        rules.coldStorageClass().map(c -> rules.withColdStorageClass(coldClass(c))).orElse(rules);
    List<com.aliyun.oss.model.LifecycleRule> current = read();
    LifecyclePlan plan =
        LifecyclePlan.between(
            current.stream().map(OssBucketLifecycle::fromOss).toList(),
            wanted,
            bucketPrefix,
            today,
            DEFAULT_COLD_CLASS);
    if (apply && plan.changesBucket()) {
      Set<String> replaced = new HashSet<>(plan.toDelete());
      plan.toWrite().forEach(rule -> replaced.add(rule.id()));
      List<com.aliyun.oss.model.LifecycleRule> next = new ArrayList<>();
      for (com.aliyun.oss.model.LifecycleRule rule : current) {
        if (!replaced.contains(rule.getId())) {
          next.add(rule);
        }
      }
      plan.toWrite().forEach(rule -> next.add(toOss(rule)));
      write(next);
    }
    return plan;
  }

  @Override
  public String defaultColdStorageClass() {
    return DEFAULT_COLD_CLASS;
  }

  /** OSS's own spelling of {@code name}, refused unless it is a class colder than Standard. */
  private static String coldClass(String name) {
    StorageClass storageClass =
        Arrays.stream(StorageClass.values())
            .filter(c -> c.toString().equalsIgnoreCase(name.trim()))
            .findFirst()
            .orElse(StorageClass.Unknown);
    if (storageClass == StorageClass.Unknown || storageClass == StorageClass.Standard) {
      throw new IllegalArgumentException(
          "OSS lifecycle: cold storage class '"
              + name
              + "' is not one of IA, Archive, ColdArchive, DeepColdArchive");
    }
    return storageClass.toString();
  }

  private static com.aliyun.oss.model.LifecycleRule toOss(LifecycleRule rule) {
    com.aliyun.oss.model.LifecycleRule oss =
        new com.aliyun.oss.model.LifecycleRule(
            rule.id(), rule.keyPrefix(), rule.enabled() ? RuleStatus.Enabled : RuleStatus.Disabled);
    oss.setTags(new TreeMap<>(rule.tags()));
    if (rule.transitionDays().isPresent()) {
      oss.setStorageTransition(
          List.of(
              new StorageTransition(
                  rule.transitionDays().getAsInt(),
                  StorageClass.parse(rule.transitionStorageClass().orElseThrow()))));
    }
    rule.expirationDays().ifPresent(oss::setExpirationDays);
    return oss;
  }

  private void write(List<com.aliyun.oss.model.LifecycleRule> rules) throws IOException {
    try {
      if (rules.isEmpty()) {
        // OSS refuses a configuration without rules: no rules is no configuration.
        oss.deleteBucketLifecycle(bucket);
      } else {
        SetBucketLifecycleRequest request = new SetBucketLifecycleRequest(bucket);
        request.setLifecycleRules(rules);
        oss.setBucketLifecycle(request);
      }
    } catch (OSSException | ClientException e) {
      throw errors.failed("writing the lifecycle rules of bucket", bucket, e);
    }
  }

  @Override
  public List<LifecycleRule> rules() throws IOException {
    return read().stream().map(OssBucketLifecycle::fromOss).toList();
  }

  private List<com.aliyun.oss.model.LifecycleRule> read() throws IOException {
    try {
      return oss.getBucketLifecycle(bucket);
    } catch (OSSException | ClientException e) {
      if (OssErrors.isCode(e, "NoSuchLifecycle")) {
        return List.of();
      }
      throw errors.failed("reading the lifecycle rules of bucket", bucket, e);
    }
  }

  private static LifecycleRule fromOss(com.aliyun.oss.model.LifecycleRule rule) {
    Map<String, String> tags = rule.hasTags() ? rule.getTags() : Map.of();
    Optional<StorageTransition> transition =
        rule.hasStorageTransition()
            ? rule.getStorageTransition().stream().findFirst()
            : Optional.empty();
    return new LifecycleRule(
        rule.getId(),
        rule.getPrefix(),
        new TreeMap<>(tags),
        rule.getStatus() == RuleStatus.Enabled,
        transition
            .filter(StorageTransition::hasExpirationDays)
            .map(t -> OptionalInt.of(t.getExpirationDays()))
            .orElse(OptionalInt.empty()),
        transition.map(t -> t.getStorageClass().toString()),
        rule.hasExpirationDays() ? OptionalInt.of(rule.getExpirationDays()) : OptionalInt.empty());
  }
}
