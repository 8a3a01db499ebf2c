package dev.bulwark.engine.verify;

import dev.bulwark.engine.format.JobId;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What to verify. By default every snapshot's metadata: the manifest against its catalog entry, and
 * every object it names present with the right size. {@link Builder#readData} also reads every pack
 * those snapshots use: pack SHA-256, every frame decrypted and decompressed, every file's SHA-256.
 * A sample ({@link Builder#sampleFraction} or {@link Builder#sampleCount}) verifies a random subset
 * of snapshots (always including the newest) for periodic checks.
 */
public final class VerifyRequest {
  private final boolean readData;
  private final Double sampleFraction;
  private final Integer sampleCount;
  private final long seed;
  private final String snapshotId;

  private VerifyRequest(Builder b) {
    this.readData = b.readData;
    this.sampleFraction = b.sampleFraction;
    this.sampleCount = b.sampleCount;
    this.seed = b.seed;
    this.snapshotId = b.snapshotId;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean readData() {
    return readData;
  }

  public OptionalDouble sampleFraction() {
    return sampleFraction == null ? OptionalDouble.empty() : OptionalDouble.of(sampleFraction);
  }

  public OptionalInt sampleCount() {
    return sampleCount == null ? OptionalInt.empty() : OptionalInt.of(sampleCount);
  }

  /** Seed of the sample's random choice (default: the current time). */
  public long seed() {
    return seed;
  }

  /** Verify only this snapshot. */
  public Optional<String> snapshotId() {
    return Optional.ofNullable(snapshotId);
  }

  /** Builds a {@link VerifyRequest}. */
  public static final class Builder {
    private boolean readData;
    private Double sampleFraction;
    private Integer sampleCount;
    private long seed = System.nanoTime();
    private String snapshotId;

    private Builder() {}

    public Builder readData(boolean readData) {
      this.readData = readData;
      return this;
    }

    /** Verify this fraction (0 &lt; f &lt;= 1) of the snapshots. */
    public Builder sampleFraction(double fraction) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("sample fraction must be in (0, 1], was " + fraction);
      }
      this.sampleFraction = fraction;
      this.sampleCount = null;
      return this;
    }

    /** Verify this many snapshots. */
    public Builder sampleCount(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("sample count must be at least 1, was " + count);
      }
      this.sampleCount = count;
      this.sampleFraction = null;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder snapshot(String jobId) {
      this.snapshotId = JobId.check(jobId);
      return this;
    }

    public VerifyRequest build() {
      return new VerifyRequest(this);
    }
  }
}
