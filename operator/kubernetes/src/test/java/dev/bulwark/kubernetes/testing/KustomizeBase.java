package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A kustomize base as {@code kubectl apply -k} would send it: every resource its kustomization.yaml
 * lists, with the kustomization's {@code namespace} set on every namespaced object and on the
 * ServiceAccount subjects of bindings that name a ServiceAccount of the base. Other kustomize
 * features (patches, generators, images) are not applied; the shipped base uses none that RBAC
 * depends on.
 */
public final class KustomizeBase {
  /**
   * The shipped base, relative to a module folder (tests run with the module as working directory).
   */
  public static final Path SHIPPED = Path.of("../../examples/kubernetes");

  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

  private final Path directory;
  private final String namespace;
  private final List<JsonNode> documents;

  private KustomizeBase(Path directory, String namespace, List<JsonNode> documents) {
    this.directory = directory;
    this.namespace = namespace;
    this.documents = documents;
  }

  /** The shipped base in examples/kubernetes. */
  public static KustomizeBase shipped() {
    return load(SHIPPED);
  }

  /** Reads the base in {@code directory}. */
  public static KustomizeBase load(Path directory) {
    JsonNode kustomization = readAll(directory.resolve("kustomization.yaml")).get(0);
    String namespace = kustomization.path("namespace").asText("");
    List<JsonNode> documents = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      documents.addAll(readAll(directory.resolve(resource.asText())));
    }
    List<String> accounts =
        documents.stream()
            .filter(d -> kind(d).equals("ServiceAccount"))
            .map(d -> d.path("metadata").path("name").asText())
            .toList();
    if (!namespace.isEmpty()) {
      for (JsonNode document : documents) {
        if (!CLUSTER_SCOPED.contains(kind(document))) {
          ((ObjectNode) document.path("metadata")).put("namespace", namespace);
        }
        if (kind(document).endsWith("RoleBinding")) {
          for (JsonNode subject : document.path("subjects")) {
            if (subject.path("kind").asText().equals("ServiceAccount")
                && accounts.contains(subject.path("name").asText())) {
              ((ObjectNode) subject).put("namespace", namespace);
            }
          }
        }
      }
    }
    return new KustomizeBase(directory, namespace, List.copyOf(documents));
  }

  /** Where the base was read from. */
  public Path directory() {
    return directory;
  }

  /** The kustomization's namespace: where the operator runs. */
  public String namespace() {
    return namespace;
  }

  /** Every object of the base, in the kustomization's order. */
  public List<JsonNode> documents() {
    return documents;
  }

  /** The one object of this kind and name. */
  public JsonNode document(String kind, String name) {
    return documents.stream()
        .filter(d -> kind(d).equals(kind) && d.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + directory));
  }

  /** The identity of the base's one ServiceAccount, which its Deployment runs as. */
  public UserInfo serviceAccount() {
    List<JsonNode> accounts =
        documents.stream().filter(d -> kind(d).equals("ServiceAccount")).toList();
    if (accounts.size() != 1) {
      throw new IllegalStateException(
          "expected one ServiceAccount in " + directory + ", found " + accounts.size());
    }
    JsonNode metadata = accounts.get(0).path("metadata");
    return UserInfo.serviceAccount(
        metadata.path("namespace").asText(), metadata.path("name").asText());
  }

  private static String kind(JsonNode document) {
    return document.path("kind").asText();
  }

  private static List<JsonNode> readAll(Path file) {
    try (MappingIterator<JsonNode> values =
        new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
      return values.readAll().stream().filter(d -> d.isObject()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
