package dev.bulwark.cli;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.OssTargetSettings;
import dev.bulwark.api.backup.S3TargetSettings;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.core.backup.LocalTargetOpener;
import dev.bulwark.core.backup.TargetOpener;
import dev.bulwark.engine.target.Target;
import dev.bulwark.targets.oss.OssTarget;
import dev.bulwark.targets.oss.OssTargetConfig;
import dev.bulwark.targets.s3.S3Target;
import dev.bulwark.targets.s3.S3TargetConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The three targets this executable can open: the local directory, S3 (and S3-compatible stores)
 * and Aliyun OSS. Settings come from the policy's {@code spec.targets}, falling back to the R12
 * environment variables; credentials only ever from the environment.
 */
final class TargetOpeners {
  private TargetOpeners() {}

  /** One opener per provider, reading fallbacks and credentials from {@code env}. */
  static Map<TargetProvider, TargetOpener> all(Path stateDirectory, Map<String, String> env) {
    return Map.of(
        TargetProvider.LOCAL, new LocalTargetOpener(stateDirectory),
        TargetProvider.S3, policy -> s3(policy, env),
        TargetProvider.OSS, policy -> oss(policy, env));
  }

  private static Target s3(BackupPolicy policy, Map<String, String> env) {
    S3TargetSettings settings =
        policy.getSpec().getTargets() == null ? null : policy.getSpec().getTargets().getS3();
    S3TargetConfig.Builder config = S3TargetConfig.builder();
    if (settings != null) {
      config
          .bucket(settings.getBucket())
          .region(settings.getRegion())
          .endpoint(settings.getEndpoint())
          .keyPrefix(settings.getPrefix());
      if (settings.getPathStyle() != null) {
        config.pathStyle(settings.getPathStyle());
      }
    }
    return new S3Target(config.build(env));
  }

  private static Target oss(BackupPolicy policy, Map<String, String> env) {
    OssTargetSettings settings =
        policy.getSpec().getTargets() == null ? null : policy.getSpec().getTargets().getOss();
    OssTargetConfig.Builder config = OssTargetConfig.builder();
    if (settings != null) {
      config
          .bucket(settings.getBucket())
          .endpoint(settings.getEndpoint())
          .keyPrefix(settings.getPrefix());
    }
    return new OssTarget(config.build(env));
  }
}
