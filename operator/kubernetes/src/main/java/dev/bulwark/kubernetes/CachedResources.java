package dev.bulwark.kubernetes;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.crd.CustomResources;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.replay.ReplayPlan;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.gate.ReleaseGate;
import dev.bulwark.core.gate.StatusFacts;
import dev.bulwark.core.overview.GateView;
import dev.bulwark.core.overview.ResourceView;
import dev.bulwark.core.overview.ServedResources;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes runtime's view of what it serves, read from the operator's informer caches (no API
 * call per read): every BackupPolicy, RestoreDrill, MigrationPlan and ReplayPlan it watches with
 * its status, and one release gate per namespace, evaluated from those statuses as {@code bulwark
 * gate check --kubernetes} does.
 */
final class CachedResources implements ServedResources {
  private static final Logger LOG = LoggerFactory.getLogger(CachedResources.class);
  private static final Comparator<ResourceView> ORDER =
      Comparator.comparing((ResourceView v) -> kindOrder(v.kind()))
          .thenComparing(v -> v.namespace() == null ? "" : v.namespace())
          .thenComparing(ResourceView::name);

  private final List<RegisteredController<?>> controllers;
  private final GateSettings gateSettings;

  CachedResources(List<RegisteredController<?>> controllers, GateSettings gateSettings) {
    this.controllers = List.copyOf(controllers);
    this.gateSettings = Objects.requireNonNull(gateSettings, "gateSettings");
  }

  @Override
  public List<ResourceView> resources() {
    List<ResourceView> views = new ArrayList<>();
    for (CustomResource<?, ?> resource : cached()) {
      views.add(view(resource));
    }
    views.sort(ORDER);
    return views;
  }

  @Override
  public List<GateView> gates(Instant now) {
    Map<String, List<BackupPolicy>> policies = new TreeMap<>();
    Map<String, List<RestoreDrill>> drills = new TreeMap<>();
    for (CustomResource<?, ?> resource : cached()) {
      if (resource.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String namespace = resource.getMetadata().getNamespace();
      Resource<?, ?> plain = CustomResources.toPlain(resource);
      if (plain instanceof BackupPolicy policy) {
        policies.computeIfAbsent(namespace, n -> new ArrayList<>()).add(policy);
      } else if (plain instanceof RestoreDrill drill) {
        drills.computeIfAbsent(namespace, n -> new ArrayList<>()).add(drill);
      }
    }
    TreeSet<String> namespaces = new TreeSet<>(policies.keySet());
    namespaces.addAll(drills.keySet());
    List<GateView> gates = new ArrayList<>();
    for (String namespace : namespaces) {
      gates.add(
          new GateView(
              namespace,
              ReleaseGate.evaluate(
                  StatusFacts.inputs(
                      policies.getOrDefault(namespace, List.of()),
                      drills.getOrDefault(namespace, List.of())),
                  gateSettings,
                  now)));
    }
    return gates;
  }

  private List<CustomResource<?, ?>> cached() {
    List<CustomResource<?, ?>> resources = new ArrayList<>();
    for (RegisteredController<?> registered : controllers) {
      if (!(registered instanceof Controller<?> controller)) {
        continue;
      }
      try {
        controller
            .getEventSourceManager()
            .getControllerEventSource()
            .list()
            .filter(CustomResource.class::isInstance)
            .forEach(r -> resources.add((CustomResource<?, ?>) r));
      } catch (RuntimeException e) {
        // Not started yet (or stopping): nothing cached to show.
        LOG.debug("no cache of {} yet: {}", controller.getConfiguration().getName(), e.toString());
      }
    }
    return resources;
  }

  private static ResourceView view(CustomResource<?, ?> resource) {
    String policyRef = null;
    String level = null;
    Resource<?, ?> plain = CustomResources.toPlain(resource);
    if (plain instanceof RestoreDrill drill && drill.getSpec() != null) {
      policyRef = drill.getSpec().getPolicyRef();
      level = drill.getSpec().getLevel() == null ? null : drill.getSpec().getLevel().name();
    } else if (plain instanceof MigrationPlan plan && plan.getSpec() != null) {
      policyRef = plan.getSpec().getPolicyRef();
    } else if (plain instanceof ReplayPlan plan && plan.getSpec() != null) {
      policyRef = plan.getSpec().getPolicyRef();
    }
    Long generation = resource.getMetadata().getGeneration();
    return new ResourceView(
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        generation == null ? 0 : generation,
        resource.getMetadata().getDeletionTimestamp() != null,
        policyRef,
        level,
        resource.getStatus() instanceof ResourceStatus status ? status : null,
        null);
  }

  private static int kindOrder(String kind) {
    return switch (kind) {
      case ResourceView.BACKUP_POLICY -> 0;
      case ResourceView.RESTORE_DRILL -> 1;
      case ResourceView.MIGRATION_PLAN -> 2;
      default -> 3;
    };
  }
}
