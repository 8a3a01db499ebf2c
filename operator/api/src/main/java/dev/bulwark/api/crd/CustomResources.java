package dev.bulwark.api.crd;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceRef;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.api.migration.MigrationPlan;
import dev.bulwark.api.replay.ReplayPlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.LinkedHashMap;

/**
 * Maps the custom resources to the plain resources controllers work on and back. The spec and
 * status objects are shared, not copied: a plain view of a cached resource costs nothing, and
 * controllers never mutate their input.
 */
public final class CustomResources {
  private CustomResources() {}

  /** The plain BackupPolicy of this custom resource. */
  public static BackupPolicy toPlain(BackupPolicyResource resource) {
    return fill(new BackupPolicy(), resource);
  }

  /** The plain RestoreDrill of this custom resource. */
  public static RestoreDrill toPlain(RestoreDrillResource resource) {
    return fill(new RestoreDrill(), resource);
  }

  /** The plain MigrationPlan of this custom resource. */
  public static MigrationPlan toPlain(MigrationPlanResource resource) {
    return fill(new MigrationPlan(), resource);
  }

  /** The plain ReplayPlan of this custom resource. */
  public static ReplayPlan toPlain(ReplayPlanResource resource) {
    return fill(new ReplayPlan(), resource);
  }

  /**
   * The plain resource of any Bulwark custom resource.
   *
   * @throws IllegalArgumentException for a resource of another kind
   */
  public static Resource<?, ?> toPlain(HasMetadata resource) {
    if (resource instanceof BackupPolicyResource policy) {
      return toPlain(policy);
    }
    if (resource instanceof RestoreDrillResource drill) {
      return toPlain(drill);
    }
    if (resource instanceof MigrationPlanResource plan) {
      return toPlain(plan);
    }
    if (resource instanceof ReplayPlanResource plan) {
      return toPlain(plan);
    }
    throw new IllegalArgumentException(
        "not a Bulwark resource: " + (resource == null ? "null" : resource.getKind()));
  }

  /** The custom resource of this plain BackupPolicy. */
  public static BackupPolicyResource toCustomResource(BackupPolicy policy) {
    return fill(new BackupPolicyResource(), policy);
  }

  /** The custom resource of this plain RestoreDrill. */
  public static RestoreDrillResource toCustomResource(RestoreDrill drill) {
    return fill(new RestoreDrillResource(), drill);
  }

  /** The custom resource of this plain MigrationPlan. */
  public static MigrationPlanResource toCustomResource(MigrationPlan plan) {
    return fill(new MigrationPlanResource(), plan);
  }

  /** The custom resource of this plain ReplayPlan. */
  public static ReplayPlanResource toCustomResource(ReplayPlan plan) {
    return fill(new ReplayPlanResource(), plan);
  }

  /**
   * The custom resource of any plain Bulwark resource.
   *
   * @throws IllegalArgumentException for a resource of another kind
   */
  public static CustomResource<?, ?> toCustomResource(Resource<?, ?> resource) {
    if (resource instanceof BackupPolicy policy) {
      return toCustomResource(policy);
    }
    if (resource instanceof RestoreDrill drill) {
      return toCustomResource(drill);
    }
    if (resource instanceof MigrationPlan plan) {
      return toCustomResource(plan);
    }
    if (resource instanceof ReplayPlan plan) {
      return toCustomResource(plan);
    }
    throw new IllegalArgumentException(
        "not a Bulwark resource: " + (resource == null ? "null" : resource.getKind()));
  }

  /** Who a custom resource is; its kind is the one its class declares. */
  public static ResourceRef refOf(HasMetadata resource) {
    ObjectMeta metadata = resource.getMetadata();
    if (metadata == null) {
      return ResourceRef.of(resource.getKind(), null);
    }
    return new ResourceRef(
        resource.getKind(),
        metadata.getNamespace(),
        metadata.getName(),
        metadata.getGeneration(),
        metadata.getUid());
  }

  private static <S, T, P extends Resource<S, T>> P fill(P plain, CustomResource<S, T> resource) {
    plain.setRef(refOf(resource));
    plain.setAnnotations(
        resource.getMetadata() == null ? null : resource.getMetadata().getAnnotations());
    plain.setSpec(resource.getSpec());
    plain.setStatus(resource.getStatus());
    return plain;
  }

  private static <S, T, C extends CustomResource<S, T>> C fill(C resource, Resource<S, T> plain) {
    ResourceRef ref = plain.getRef();
    ObjectMeta metadata = new ObjectMeta();
    metadata.setNamespace(ref.namespace());
    metadata.setName(ref.name());
    metadata.setGeneration(ref.generation());
    metadata.setUid(ref.uid());
    if (!plain.getAnnotations().isEmpty()) {
      metadata.setAnnotations(new LinkedHashMap<>(plain.getAnnotations()));
    }
    resource.setMetadata(metadata);
    resource.setSpec(plain.getSpec());
    resource.setStatus(plain.getStatus());
    return resource;
  }
}
