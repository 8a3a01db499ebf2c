package dev.bulwark.targets.lifecycle;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * The lifecycle rules of the bucket behind a target.
 *
 * <p>Both reconciles are a read-modify-write: they read the bucket's rules, change only the rules
 * they own and write the set back, so rules of other policies and rules that people or other tools
 * own stay as they are. Two operators reconciling the same bucket at the same moment can lose one
 * update (S3 and OSS offer no conditional write for lifecycle); the next reconcile repairs it.
 */
public interface BucketLifecycle {

  /**
   * Makes the bucket carry the one rule of {@code policy}, whose key prefix is relative to the
   * target's own key prefix. Backup policies use {@link #reconcile(TierRules, LocalDate, boolean)},
   * whose expirations keep a cycle's full as long as its incrementals.
   */
  void reconcile(LifecyclePolicy policy) throws IOException;

  /**
   * Plans the rules of {@code rules} against the bucket's and, when {@code apply}, writes the plan
   * (nothing at all when every rule is already in place). Foreign rules are written back as read.
   *
   * @param today the UTC date retired rules are stamped with and measured from
   * @throws IllegalArgumentException when the cold storage class is not one the store has
   */
  LifecyclePlan reconcile(TierRules rules, LocalDate today, boolean apply) throws IOException;

  /** The store's default cold class for a new transition rule (S3 STANDARD_IA, OSS IA). */
  String defaultColdStorageClass();

  /** Every rule of the bucket as stored, with bucket-level prefixes; empty when it has none. */
  List<LifecycleRule> rules() throws IOException;
}
