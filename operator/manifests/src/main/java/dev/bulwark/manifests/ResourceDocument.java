package dev.bulwark.manifests;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.api.common.Resource;
import dev.bulwark.api.common.ResourceRef;
import java.util.List;
import java.util.Map;

/**
 * A manifest document as written, the shape the strict binder reads before the plain resource is
 * built from it: {@code apiVersion}, {@code kind}, Kubernetes-style {@code metadata} and the spec.
 * Compose mode's counterpart of a custom resource, without anything of a Kubernetes client.
 *
 * @param <S> the spec type of the document's kind
 */
final class ResourceDocument<S> {
  private String apiVersion;
  private String kind;
  private Metadata metadata;
  private S spec;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public Metadata getMetadata() {
    return metadata;
  }

  public void setMetadata(Metadata metadata) {
    this.metadata = metadata;
  }

  public S getSpec() {
    return spec;
  }

  public void setSpec(S spec) {
    this.spec = spec;
  }

  /** This document as the plain resource {@code plain} (a fresh one of the document's kind). */
  @SuppressWarnings("unchecked") // the document was bound with the spec type of plain's kind
  <R extends Resource<?, ?>> R toPlain(R plain) {
    Metadata meta = metadata == null ? new Metadata() : metadata;
    plain.setRef(
        new ResourceRef(plain.getKind(), meta.namespace, meta.name, meta.generation, meta.uid));
    plain.setAnnotations(meta.annotations);
    ((Resource<S, ?>) plain).setSpec(spec);
    return plain;
  }

  /**
   * The fields of Kubernetes' ObjectMeta, with the types Kubernetes gives them, so a manifest that
   * {@code kubectl apply} accepts binds here too. Unknown fields are kept aside, not refused: the
   * reader reports them by name ({@link ResourceBinder#checkMetadataFields}), as for ObjectMeta.
   */
  static final class Metadata {
    private String name;
    private String generateName;
    private String namespace;
    private String uid;
    private String resourceVersion;
    private Long generation;
    private String selfLink;
    private String creationTimestamp;
    private String deletionTimestamp;
    private Long deletionGracePeriodSeconds;
    private Map<String, String> labels;
    private Map<String, String> annotations;
    private List<String> finalizers;
    private List<JsonNode> ownerReferences;
    private List<JsonNode> managedFields;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getGenerateName() {
      return generateName;
    }

    public void setGenerateName(String generateName) {
      this.generateName = generateName;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public String getUid() {
      return uid;
    }

    public void setUid(String uid) {
      this.uid = uid;
    }

    public String getResourceVersion() {
      return resourceVersion;
    }

    public void setResourceVersion(String resourceVersion) {
      this.resourceVersion = resourceVersion;
    }

    public Long getGeneration() {
      return generation;
    }

    public void setGeneration(Long generation) {
      this.generation = generation;
    }

    public String getSelfLink() {
      return selfLink;
    }

    public void setSelfLink(String selfLink) {
      this.selfLink = selfLink;
    }

    public String getCreationTimestamp() {
      return creationTimestamp;
    }

    public void setCreationTimestamp(String creationTimestamp) {
      this.creationTimestamp = creationTimestamp;
    }

    public String getDeletionTimestamp() {
      return deletionTimestamp;
    }

    public void setDeletionTimestamp(String deletionTimestamp) {
      this.deletionTimestamp = deletionTimestamp;
    }

    public Long getDeletionGracePeriodSeconds() {
      return deletionGracePeriodSeconds;
    }

    public void setDeletionGracePeriodSeconds(Long deletionGracePeriodSeconds) {
      this.deletionGracePeriodSeconds = deletionGracePeriodSeconds;
    }

    public Map<String, String> getLabels() {
      return labels;
    }

    public void setLabels(Map<String, String> labels) {
      this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
      return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
      this.annotations = annotations;
    }

    public List<String> getFinalizers() {
      return finalizers;
    }

    public void setFinalizers(List<String> finalizers) {
      this.finalizers = finalizers;
    }

    public List<JsonNode> getOwnerReferences() {
      return ownerReferences;
    }

    public void setOwnerReferences(List<JsonNode> ownerReferences) {
      this.ownerReferences = ownerReferences;
    }

    public List<JsonNode> getManagedFields() {
      return managedFields;
    }

    public void setManagedFields(List<JsonNode> managedFields) {
      this.managedFields = managedFields;
    }

    @JsonAnySetter
    void unknown(String field, JsonNode value) {
      // reported by name with its line by the reader; binding goes on
    }
  }
}
