package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;

/** Builds the OSS client a configuration describes. */
final class OssClients {
  private OssClients() {}

  static OSS create(OssTargetConfig config) {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setSLDEnabled(config.pathStyle());
    conf.setMaxErrorRetry(config.maxAttempts() - 1);
    conf.setRetryStrategy(new OssRetryStrategy());
    conf.setConnectionTimeout((int) config.connectTimeout().toMillis());
    conf.setSocketTimeout((int) config.readTimeout().toMillis());
    // A socket timeout does not cover an upload blocked in write() to a store that stopped
    // reading: the client's request timeout aborts the whole attempt.
    conf.setRequestTimeoutEnabled(true);
    conf.setRequestTimeout((int) config.timeouts().attempt().toMillis());
    return OSSClientBuilder.create()
        .endpoint(config.endpoint().toString())
        .credentialsProvider(
            new DefaultCredentialProvider(config.accessKeyId(), config.accessKeySecret()))
        .clientConfiguration(conf)
        .build();
  }
}
