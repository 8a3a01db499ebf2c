package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.LifecycleRule.RuleStatus;
import com.aliyun.oss.model.LifecycleRule.StorageTransition;
import com.aliyun.oss.model.SetBucketLifecycleRequest;
import com.aliyun.oss.model.StorageClass;
import dev.bulwark.targets.lifecycle.BucketLifecycle;
import dev.bulwark.targets.lifecycle.LifecyclePolicy;
import dev.bulwark.targets.lifecycle.LifecycleRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * OSS bucket lifecycle through GetBucketLifecycle and SetBucketLifecycle (PutBucketLifecycle): the
 * policy becomes one rule with a prefix, tag conditions, a transition after {@code hotDays} to
 * {@code IA}, {@code Archive}, {@code ColdArchive} or {@code DeepColdArchive} and an expiration
 * after {@code coldDays}. Rules not matching the policy's id are written back as the SDK read them.
 */
public final class OssBucketLifecycle implements BucketLifecycle {
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
    StorageClass cold = StorageClass.parse(policy.coldStorageClass());
    if (cold == StorageClass.Unknown || cold == StorageClass.Standard) {
      throw new IllegalArgumentException(
          "OSS lifecycle: cold storage class '"
              + policy.coldStorageClass()
              + "' is not one of IA, Archive, ColdArchive, DeepColdArchive");
    }
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
    SetBucketLifecycleRequest request = new SetBucketLifecycleRequest(bucket);
    request.setLifecycleRules(rules);
    try {
      oss.setBucketLifecycle(request);
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
