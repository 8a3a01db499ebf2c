package dev.bulwark.kubernetes.jobs;

/** A run that no pod could carry out as the resource stands; the message names field and fix. */
final class PodSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  PodSpecException(String message) {
    super(message);
  }
}
