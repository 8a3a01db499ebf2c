package dev.bulwark.kubernetes.reconcile;

import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.core.validation.ResourceLookup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Answers the core's {@link ResourceLookup} from informer caches instead of API calls. The
 * BackupPolicy reconciler reads its own primary cache; every other kind watches BackupPolicies
 * through a secondary informer, which also re-reconciles the resources of a namespace when a policy
 * there is created, deleted or its spec changes, so that a RestoreDrill whose policy appears later
 * becomes Ready without waiting.
 */
final class BackupPolicyCache {
  /** The name of the secondary BackupPolicy event source. */
  static final String EVENT_SOURCE_NAME = "backup-policies";

  private BackupPolicyCache() {}

  /** The event sources a reconciler of this primary kind needs for policy lookups. */
  static <P extends HasMetadata> List<EventSource<?, P>> eventSources(
      EventSourceContext<P> context) {
    if (context.getPrimaryResourceClass() == BackupPolicyResource.class) {
      return List.of();
    }
    // References are by name within a namespace and the core decides what they mean, so a
    // policy change wakes every resource of its namespace: few per namespace, and cheap to redo.
    InformerEventSourceConfiguration<BackupPolicyResource> configuration =
        InformerEventSourceConfiguration.from(
                BackupPolicyResource.class, context.getPrimaryResourceClass())
            .withName(EVENT_SOURCE_NAME)
            .withNamespacesInheritedFromController()
            // Dependents read a policy's spec, not its status, which changes at every scheduled
            // reconcile: only spec changes (and creations, deletions) wake them.
            .withOnUpdateFilter(
                (updated, previous) ->
                    !Objects.equals(
                        updated.getMetadata().getGeneration(),
                        previous.getMetadata().getGeneration()))
            .withSecondaryToPrimaryMapper(
                policy ->
                    context
                        .getPrimaryCache()
                        .list(policy.getMetadata().getNamespace())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(new InformerEventSource<>(configuration, context));
  }

  /**
   * The lookup for one reconcile. Policies come straight from the cache, as plain views sharing
   * their spec and status: the core must not mutate them (its contract already forbids mutating its
   * input).
   */
  static <P extends HasMetadata> ResourceLookup lookup(Context<P> context) {
    Cache<BackupPolicyResource> policies = policies(context);
    return (namespace, name) ->
        policies.get(new ResourceID(name, namespace)).map(CustomResources::toPlain);
  }

  @SuppressWarnings("unchecked")
  private static <P extends HasMetadata> Cache<BackupPolicyResource> policies(Context<P> context) {
    if (context.getControllerConfiguration().getResourceClass() == BackupPolicyResource.class) {
      // P is BackupPolicyResource here, so its primary cache holds policies.
      return (Cache<BackupPolicyResource>) context.getPrimaryCache();
    }
    return (Cache<BackupPolicyResource>)
        context
            .eventSourceRetriever()
            .getEventSourceFor(BackupPolicyResource.class, EVENT_SOURCE_NAME);
  }
}
