package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.Resource;
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
  public static Optional<String> pending(Resource<?, ?> resource, String handled) {
    Optional<String> value = value(resource);
    return value.filter(v -> !v.equals(handled));
  }

  /**
   * Whether an update may need a reconcile: a new generation, a deletion ({@code deleting}, which
   * only a runtime knows), or a new run-now value.
   */
  public static boolean worthReconciling(
      Resource<?, ?> updated, Resource<?, ?> previous, boolean deleting) {
    Long newGeneration = updated.getRef().generation();
    Long oldGeneration = previous.getRef().generation();
    boolean newSpec =
        newGeneration == null || oldGeneration == null || newGeneration > oldGeneration;
    return newSpec || deleting || !Objects.equals(value(updated), value(previous));
  }

  private static Optional<String> value(Resource<?, ?> resource) {
    return Optional.ofNullable(resource.getAnnotations().get(ANNOTATION)).filter(v -> !v.isBlank());
  }
}
