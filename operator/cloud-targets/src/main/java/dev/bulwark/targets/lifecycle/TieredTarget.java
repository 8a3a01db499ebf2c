package dev.bulwark.targets.lifecycle;

/**
 * A target on a bucket that has storage classes and lifecycle rules (S3, OSS): what a lifecycle
 * reconcile and the hot-tier check need beyond the engine's {@code Target}.
 */
public interface TieredTarget extends StorageClassListing {

  /** The lifecycle rules of the bucket behind the target, with the target's key prefix. */
  BucketLifecycle lifecycle();

  /** Where the target stores its objects, for messages ({@code s3://bucket/prefix}); no secrets. */
  String describe();
}
