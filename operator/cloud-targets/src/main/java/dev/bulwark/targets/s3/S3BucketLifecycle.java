package dev.bulwark.targets.s3;

import dev.bulwark.targets.lifecycle.BucketLifecycle;
import dev.bulwark.targets.lifecycle.LifecyclePlan;
import dev.bulwark.targets.lifecycle.LifecyclePolicy;
import dev.bulwark.targets.lifecycle.LifecycleRule;
import dev.bulwark.targets.lifecycle.TierRules;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * S3 bucket lifecycle through GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration and
 * DeleteBucketLifecycle: each rule is filtered by prefix and tags (an {@code And} filter when there
 * are tags) and carries a transition, an expiration or both. Rules Bulwark does not change are
 * written back exactly as they were read.
 */
public final class S3BucketLifecycle implements BucketLifecycle {
  /** The cold class of a new transition rule when none is asked for. */
  static final String DEFAULT_COLD_CLASS = TransitionStorageClass.STANDARD_IA.toString();

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
    write(rules);
  }

  @Override
  public LifecyclePlan reconcile(TierRules rules, LocalDate today, boolean apply)
      throws IOException {
    TierRules wanted =
        rules.coldStorageClass().map(c -> rules.withColdStorageClass(coldClass(c))).orElse(rules);
    List<software.amazon.awssdk.services.s3.model.LifecycleRule> current = read();
    LifecyclePlan plan =
        LifecyclePlan.between(
            current.stream().map(S3BucketLifecycle::fromS3).toList(),
            wanted,
            bucketPrefix,
            today,
            DEFAULT_COLD_CLASS);
    if (apply && plan.changesBucket()) {
      Set<String> replaced = new HashSet<>(plan.toDelete());
      plan.toWrite().forEach(rule -> replaced.add(rule.id()));
      List<software.amazon.awssdk.services.s3.model.LifecycleRule> next = new ArrayList<>();
      for (software.amazon.awssdk.services.s3.model.LifecycleRule rule : current) {
        if (!replaced.contains(rule.id())) {
          next.add(rule);
        }
      }
      plan.toWrite().forEach(rule -> next.add(toS3(rule)));
      write(next);
    }
    return plan;
  }

  @Override
  public String defaultColdStorageClass() {
    return DEFAULT_COLD_CLASS;
  }

  /** S3's own spelling of {@code name}, refused unless S3 can transition objects to it. */
  private static String coldClass(String name) {
    TransitionStorageClass storageClass =
        TransitionStorageClass.fromValue(name.trim().toUpperCase(Locale.ROOT));
    if (storageClass == TransitionStorageClass.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException(
          "S3 lifecycle: cold storage class '"
              + name
              + "' is not one of "
              + TransitionStorageClass.knownValues());
    }
    return storageClass.toString();
  }

  private void write(List<software.amazon.awssdk.services.s3.model.LifecycleRule> rules)
      throws IOException {
    try {
      if (rules.isEmpty()) {
        // S3 refuses an empty configuration: no rules is no configuration.
        s3.deleteBucketLifecycle(b -> b.bucket(bucket));
      } else {
        s3.putBucketLifecycleConfiguration(
            b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
      }
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
    software.amazon.awssdk.services.s3.model.LifecycleRule.Builder s3Rule =
        software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
            .id(rule.id())
            .filter(filter)
            .status(rule.enabled() ? ExpirationStatus.ENABLED : ExpirationStatus.DISABLED);
    if (rule.transitionDays().isPresent()) {
      s3Rule.transitions(
          Transition.builder()
              .days(rule.transitionDays().getAsInt())
              .storageClass(rule.transitionStorageClass().orElseThrow())
              .build());
    }
    rule.expirationDays().ifPresent(days -> s3Rule.expiration(e -> e.days(days)));
    return s3Rule.build();
  }

  private static LifecycleRule fromS3(software.amazon.awssdk.services.s3.model.LifecycleRule rule) {
    // Rules written by older tools carry only the top-level Prefix that S3 deprecated in favour of
    // Filter: reading it is the point, so the SDK's deprecated accessor stays.
    @SuppressWarnings("deprecation")
    String prefix = rule.prefix();
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
