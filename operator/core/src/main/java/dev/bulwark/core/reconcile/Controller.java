package dev.bulwark.core.reconcile;

import dev.bulwark.api.common.Resource;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.SpecProblem;
import java.util.List;

/**
 * The logic of one kind, independent of where resources come from. Given a plain resource (with its
 * previous status, if any) and the current time, it returns the new status, the actions the runtime
 * must carry out and when to reconcile again. Implementations must not mutate the resource passed
 * in and must be safe to call repeatedly with the same input (level-triggered, not edge-triggered).
 *
 * @param <R> the resource kind
 * @param <S> its status type
 */
public interface Controller<R extends Resource<?, S>, S> {

  /** The kind this controller serves, e.g. {@code BackupPolicy}. */
  String kind();

  /** The resource class, for adapters that register per kind. */
  Class<R> resourceType();

  /** Computes the desired status and follow-up of one resource; never throws for a bad spec. */
  ReconcileResult<S> reconcile(R resource, ReconcileContext context);

  /**
   * The spec findings behind the resource's Valid condition, each naming its field, so a runtime
   * that knows where fields are declared can point at the line (the compose status file does).
   */
  default List<SpecProblem> findings(R resource, ResourceLookup lookup) {
    return List.of();
  }
}
