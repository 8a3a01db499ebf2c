package dev.bulwark.engine.progress;

/**
 * A progress sample. Totals are estimates that may grow while {@code totalsFinal} is false (the
 * backup is still walking its sources); a CLI draws a bar from done/total and a rate from
 * successive samples.
 *
 * @param phase the current phase
 * @param filesDone files (and other entries) handled so far
 * @param filesTotal files known so far
 * @param bytesDone bytes of file content handled so far
 * @param bytesTotal bytes of file content known so far
 * @param bytesTransferred bytes written to (backup) or read from (restore, verify) the target
 * @param totalsFinal whether the totals will not grow any more
 */
public record Progress(
    Phase phase,
    long filesDone,
    long filesTotal,
    long bytesDone,
    long bytesTotal,
    long bytesTransferred,
    boolean totalsFinal) {}
