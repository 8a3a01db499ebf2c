/**
 * The hand-off between the operator and the pod of a Kubernetes Job that runs a backup job or a
 * restore drill: the run as JSON in one environment variable ({@link BackupHandoff}, {@link
 * DrillHandoff}), and the final record as the pod's termination message ({@link RunResults}). Both
 * sides run the same image, so both formats are read strictly: a field that cannot be read is
 * named, never guessed.
 */
package dev.bulwark.core.handoff;
