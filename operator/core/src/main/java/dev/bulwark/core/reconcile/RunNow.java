package dev.bulwark.core.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A manual run asked for with the {@code bulwark.dev/run-now} annotation, the way {@code kubectl
 * annotate} users expect: each new value is answered once (set it to a timestamp or any fresh value
 * to ask again); the value answered is kept in the status.
 */
public final class RunNow {
  /**
   * The annotation: {@code kubectl annotate backuppolicy NAME bulwark.dev/run-now="$(date +%s)"
   * --overwrite}.
   */
  public static final String ANNOTATION = "bulwark.dev/run-now";

  private RunNow() {}

  /**
   * The annotation's value when it asks for a run not answered yet ({@code handled} is the last
   * answered value).
   */
  public static Optional<String> pending(HasMetadata resource, String handled) {
    Optional<String> value = value(resource);
    return value.filter(v -> !v.equals(handled));
  }

  /** Whether an update may need a reconcile: a new generation, or a new run-now value. */
  public static boolean worthReconciling(HasMetadata updated, HasMetadata previous) {
    Long newGeneration = updated.getMetadata().getGeneration();
    Long oldGeneration = previous.getMetadata().getGeneration();
    boolean newSpec =
        newGeneration == null || oldGeneration == null || newGeneration > oldGeneration;
    return newSpec
        || updated.isMarkedForDeletion()
        || !Objects.equals(value(updated), value(previous));
  }

  private static Optional<String> value(HasMetadata resource) {
    Map<String, String> annotations =
        resource.getMetadata() == null ? null : resource.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(ANNOTATION))
        .filter(v -> !v.isBlank());
  }
}
