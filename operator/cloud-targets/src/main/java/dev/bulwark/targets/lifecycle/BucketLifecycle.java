package dev.bulwark.targets.lifecycle;

import java.io.IOException;
import java.util.List;

/**
 * The lifecycle rules of the bucket behind a target.
 *
 * <p>{@link #reconcile} is a read-modify-write: it reads the bucket's rules, replaces the one rule
 * whose id is {@link LifecyclePolicy#ruleId(String)} and writes the set back, so rules of other
 * policies and rules that people or other tools own stay as they are. Two operators reconciling the
 * same bucket at the same moment can lose one update (S3 and OSS offer no conditional write for
 * lifecycle); the next reconcile repairs it.
 */
public interface BucketLifecycle {

  /**
   * Makes the bucket carry the rule of {@code policy}, whose key prefix is relative to the target's
   * own key prefix.
   */
  void reconcile(LifecyclePolicy policy) throws IOException;

  /** Every rule of the bucket as stored, with bucket-level prefixes; empty when it has none. */
  List<LifecycleRule> rules() throws IOException;
}
