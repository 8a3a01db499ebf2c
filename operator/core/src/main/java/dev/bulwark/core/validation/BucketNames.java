package dev.bulwark.core.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bucket names the S3 and OSS targets accept, so {@code bulwark validate} refuses what every
 * job would. The targets (operator/cloud-targets) check the same rules when a job opens them; a
 * test in the CLI module runs both over the same names to prove they agree.
 */
public final class BucketNames {
  /**
   * S3: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or
   * digit.
   */
  private static final Pattern S3 = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /**
   * OSS: 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or
   * digit.
   */
  private static final Pattern OSS = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  private BucketNames() {}

  /** Why {@code name} is not an S3 bucket name, or empty when it is one. */
  public static Optional<String> s3Problem(String name) {
    return S3.matcher(name).matches()
        ? Optional.empty()
        : Optional.of(
            "bucket name '"
                + name
                + "' is invalid: use 3 to 63 lower-case letters, digits, dots and"
                + " hyphens, starting and ending with a letter or digit");
  }

  /** Why {@code name} is not an OSS bucket name, or empty when it is one. */
  public static Optional<String> ossProblem(String name) {
    return OSS.matcher(name).matches()
        ? Optional.empty()
        : Optional.of(
            "bucket name '"
                + name
                + "' is invalid: use 3 to 63 lower-case letters, digits and hyphens,"
                + " starting and ending with a letter or digit");
  }
}
