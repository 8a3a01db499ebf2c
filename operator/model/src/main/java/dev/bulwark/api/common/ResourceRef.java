package dev.bulwark.api.common;

/**
 * Who a resource is, whatever runtime it came from: its kind, namespace (null in compose mode),
 * name, the generation of its spec and the uid its runtime gave it (null when there is none).
 *
 * @param kind the kind as written in YAML, e.g. {@code BackupPolicy}
 * @param namespace the namespace, or null
 * @param name the name, or null when the manifest gave none (validation reports it)
 * @param generation the spec's generation, or null when not known yet
 * @param uid the runtime's unique id, or null
 */
public record ResourceRef(String kind, String namespace, String name, Long generation, String uid) {

  /** A reference to {@code kind} named {@code name}, without namespace, generation or uid. */
  public static ResourceRef of(String kind, String name) {
    return new ResourceRef(kind, null, name, null, null);
  }

  /** This reference with another {@code name}. */
  public ResourceRef withName(String name) {
    return new ResourceRef(kind, namespace, name, generation, uid);
  }

  /** This reference at {@code generation}. */
  public ResourceRef withGeneration(Long generation) {
    return new ResourceRef(kind, namespace, name, generation, uid);
  }

  /** This reference in {@code namespace}. */
  public ResourceRef withNamespace(String namespace) {
    return new ResourceRef(kind, namespace, name, generation, uid);
  }
}
