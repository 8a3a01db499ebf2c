/**
 * The Aliyun OSS target (aliyun-sdk-oss): {@link dev.bulwark.targets.oss.OssTarget} implements the
 * engine's {@code Target} contract on an OSS bucket with OSS's own APIs (forbid-overwrite puts,
 * multipart, ranged GET, ListObjectsV2, object tagging), configured by {@link
 * dev.bulwark.targets.oss.OssTargetConfig}; {@link dev.bulwark.targets.oss.OssBucketLifecycle}
 * reconciles the bucket's lifecycle rules.
 */
package dev.bulwark.targets.oss;
