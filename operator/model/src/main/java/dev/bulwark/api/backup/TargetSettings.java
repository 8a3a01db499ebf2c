package dev.bulwark.api.backup;

/** Connection settings per provider; a job writes to exactly one of them. */
public class TargetSettings {
  private LocalTargetSettings local;

  private S3TargetSettings s3;

  private OssTargetSettings oss;

  public LocalTargetSettings getLocal() {
    return local;
  }

  public void setLocal(LocalTargetSettings local) {
    this.local = local;
  }

  public S3TargetSettings getS3() {
    return s3;
  }

  public void setS3(S3TargetSettings s3) {
    this.s3 = s3;
  }

  public OssTargetSettings getOss() {
    return oss;
  }

  public void setOss(OssTargetSettings oss) {
    this.oss = oss;
  }
}
