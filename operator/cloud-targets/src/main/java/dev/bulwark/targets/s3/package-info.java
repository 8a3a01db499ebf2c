/**
 * The S3 target (aws-sdk-java-v2): {@link dev.bulwark.targets.s3.S3Target} implements the engine's
 * {@code Target} contract on a bucket of AWS S3 or an S3-compatible store (MinIO, Ceph), configured
 * by {@link dev.bulwark.targets.s3.S3TargetConfig}; {@link
 * dev.bulwark.targets.s3.S3BucketLifecycle} reconciles the bucket's lifecycle rules.
 */
package dev.bulwark.targets.s3;
