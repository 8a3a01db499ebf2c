package dev.bulwark.api.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.Objects;

/**
 * A Bulwark resource as controllers and validation see it: its {@link ResourceRef}, its
 * annotations, its spec and its status, with nothing of the runtime it came from. The adapters map
 * their own representation (a Kubernetes custom resource, a YAML document) to and from it. Mutable,
 * like the spec and status beans it holds.
 *
 * @param <S> the spec type
 * @param <T> the status type
 */
public abstract class Resource<S, T> {
  private ResourceRef ref;
  private Map<String, String> annotations = Map.of();
  private S spec;
  private T status;

  /** A resource of {@code kind} without name, annotations, spec or status yet. */
  protected Resource(String kind) {
    this.ref = ResourceRef.of(kind, null);
  }

  /** The kind, e.g. {@code BackupPolicy}; always the kind of this class. */
  @JsonIgnore // part of the reference already: a copy through Jackson must not see it twice
  public String getKind() {
    return ref.kind();
  }

  /** Who this resource is. */
  public ResourceRef getRef() {
    return ref;
  }

  /** Sets who this resource is; the reference must be of this resource's kind. */
  public void setRef(ResourceRef ref) {
    Objects.requireNonNull(ref, "ref");
    if (!Objects.equals(ref.kind(), getKind())) {
      throw new IllegalArgumentException(
          "a " + getKind() + " cannot carry a reference to a " + ref.kind());
    }
    this.ref = ref;
  }

  /** The annotations, never null (the {@code bulwark.dev/run-now} request is one). */
  public Map<String, String> getAnnotations() {
    return annotations;
  }

  /** Sets the annotations; null means none. */
  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** The spec, or null when the resource declares none. */
  public S getSpec() {
    return spec;
  }

  /** Sets the spec. */
  public void setSpec(S spec) {
    this.spec = spec;
  }

  /** The status last stored, or null. */
  public T getStatus() {
    return status;
  }

  /** Sets the status. */
  public void setStatus(T status) {
    this.status = status;
  }
}
