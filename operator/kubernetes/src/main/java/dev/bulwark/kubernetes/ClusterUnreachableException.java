package dev.bulwark.kubernetes;

/**
 * No Kubernetes API server answered (or it refused the credentials) when the runtime started. The
 * message is one line that names the server and the cause, meant to be printed as it is.
 */
public final class ClusterUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClusterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
