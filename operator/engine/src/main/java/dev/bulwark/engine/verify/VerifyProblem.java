package dev.bulwark.engine.verify;

/**
 * One thing found wrong.
 *
 * @param object the object key (or archive path of a file) that is bad
 * @param snapshotJobId the snapshot affected, when one is known
 * @param reason what is wrong
 */
public record VerifyProblem(String object, String snapshotJobId, String reason) {
  @Override
  public String toString() {
    return object
        + (snapshotJobId == null ? "" : " (snapshot " + snapshotJobId + ")")
        + ": "
        + reason;
  }
}
