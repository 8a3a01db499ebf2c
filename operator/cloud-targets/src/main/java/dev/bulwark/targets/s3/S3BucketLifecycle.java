package dev.bulwark.targets.s3;

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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;

/**
 * S3 bucket lifecycle through GetBucketLifecycleConfiguration and PutBucketLifecycleConfiguration:
 * the policy becomes one rule filtered by prefix and tags (an {@code And} filter when there are
 * tags) with a transition after {@code hotDays} and an expiration after {@code coldDays}. Rules not
 * matching the policy's id are written back exactly as they were read.
 */
public final class S3BucketLifecycle implements BucketLifecycle {
  private final S3Client s3;
  private final String bucket;
  private final String bucketPrefix;
  private final S3Errors errors;

  S3BucketLifecycle(S3Client s3, String bucket, String bucketPrefix, S3Errors errors) {
    this.s3 = s3;
    this.bucket = bucket;
    this.bucketPrefix = bucketPrefix;
    this.errors = errors;
  }

  @Override
  public void reconcile(LifecyclePolicy policy) throws IOException {
    LifecycleRule wanted = policy.toRule(bucketPrefix);
    List<software.amazon.awssdk.services.s3.model.LifecycleRule> rules = new ArrayList<>();
    for (software.amazon.awssdk.services.s3.model.LifecycleRule rule : read()) {
      if (!wanted.id().equals(rule.id())) {
        rules.add(rule);
      }
    }
    rules.add(toS3(wanted));
    try {
      s3.putBucketLifecycleConfiguration(
          b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
    } catch (SdkException e) {
      throw errors.failed("writing the lifecycle rules of bucket", bucket, e);
    }
  }

  @Override
  public List<LifecycleRule> rules() throws IOException {
    return read().stream().map(S3BucketLifecycle::fromS3).toList();
  }

  private List<software.amazon.awssdk.services.s3.model.LifecycleRule> read() throws IOException {
    try {
      return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
    } catch (SdkException e) {
      if (S3Errors.isCode(e, "NoSuchLifecycleConfiguration")) {
        return List.of();
      }
      throw errors.failed("reading the lifecycle rules of bucket", bucket, e);
    }
  }

  private static software.amazon.awssdk.services.s3.model.LifecycleRule toS3(LifecycleRule rule) {
    List<Tag> tags =
        rule.tags().entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    LifecycleRuleFilter filter =
        switch (tags.size()) {
          case 0 -> LifecycleRuleFilter.builder().prefix(rule.keyPrefix()).build();
          case 1 ->
              rule.keyPrefix().isEmpty()
                  ? LifecycleRuleFilter.builder().tag(tags.get(0)).build()
                  : LifecycleRuleFilter.builder()
                      .and(a -> a.prefix(rule.keyPrefix()).tags(tags))
                      .build();
          default ->
              LifecycleRuleFilter.builder().and(a -> a.prefix(rule.keyPrefix()).tags(tags)).build();
        };
    return software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
        .id(rule.id())
        .filter(filter)
        .status(rule.enabled() ? ExpirationStatus.ENABLED : ExpirationStatus.DISABLED)
        .transitions(
            Transition.builder()
                .days(rule.transitionDays().orElseThrow())
                .storageClass(rule.transitionStorageClass().orElseThrow())
                .build())
        .expiration(e -> e.days(rule.expirationDays().orElseThrow()))
        .build();
  }

  private static LifecycleRule fromS3(software.amazon.awssdk.services.s3.model.LifecycleRule rule) {
    String prefix = rule.prefix(); // the deprecated top-level prefix of old rules
    Map<String, String> tags = new TreeMap<>();
    LifecycleRuleFilter filter = rule.filter();
    if (filter != null) {
      if (filter.prefix() != null) {
        prefix = filter.prefix();
      }
      if (filter.tag() != null) {
        tags.put(filter.tag().key(), filter.tag().value());
      }
      if (filter.and() != null) {
        if (filter.and().prefix() != null) {
          prefix = filter.and().prefix();
        }
        filter.and().tags().forEach(t -> tags.put(t.key(), t.value()));
      }
    }
    Optional<Transition> transition = rule.transitions().stream().findFirst();
    Integer expiration = rule.expiration() == null ? null : rule.expiration().days();
    return new LifecycleRule(
        rule.id(),
        prefix,
        tags,
        rule.status() == ExpirationStatus.ENABLED,
        transition.map(t -> t.days()).map(OptionalInt::of).orElse(OptionalInt.empty()),
        transition.map(Transition::storageClassAsString),
        expiration == null ? OptionalInt.empty() : OptionalInt.of(expiration));
  }
}
