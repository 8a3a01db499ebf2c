package dev.bulwark.core.reconcile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Deep copies of statuses through their JSON form, so that controllers build a new status without
 * touching the resource they were given (the runtimes' caches hold that same object).
 */
public final class StatusCopies {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StatusCopies() {}

  /** A deep copy of {@code status}, or {@code fresh}'s new status when there is none yet. */
  @SuppressWarnings("unchecked")
  public static <S> S copyOf(S status, Supplier<S> fresh) {
    if (status == null) {
      return fresh.get();
    }
    try {
      // write + read rather than convertValue, which may hand back the same instance
      return (S) MAPPER.readValue(MAPPER.writeValueAsBytes(status), status.getClass());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy a " + status.getClass().getSimpleName() + " through JSON", e);
    }
  }
}
