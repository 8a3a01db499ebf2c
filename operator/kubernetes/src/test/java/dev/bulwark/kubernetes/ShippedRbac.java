package dev.bulwark.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The RBAC of examples/kubernetes as the API server would evaluate it for the operator's
 * ServiceAccount: ClusterRoles through ClusterRoleBindings everywhere, Roles (or ClusterRoles)
 * through RoleBindings in the binding's namespace, plus what Kubernetes' default ClusterRoles
 * {@code system:discovery} and {@code system:basic-user} grant every authenticated account.
 */
public final class ShippedRbac {
  /** The kustomize base, relative to this module (tests run with the module as working directory). */
  public static final Path BASE = Path.of("../../examples/kubernetes");

  // system:discovery, system:public-info-viewer: discovery and version paths.
  private static final List<String> DEFAULT_NON_RESOURCE =
      List.of("/api", "/api/*", "/apis", "/apis/*", "/version", "/version/", "/openapi/*", "/healthz", "/livez", "/readyz");
  // system:basic-user: an account may ask what it is allowed to do.
  private static final Set<String> DEFAULT_SELF_REVIEWS =
      Set.of("authorization.k8s.io selfsubjectrulesreviews", "authorization.k8s.io selfsubjectaccessreviews",
          "authentication.k8s.io selfsubjectreviews");

  private final List<JsonNode> documents;
  private final String namespace;
  private final String serviceAccount;

  private ShippedRbac(List<JsonNode> documents, String namespace, String serviceAccount) {
    this.documents = documents;
    this.namespace = namespace;
    this.serviceAccount = serviceAccount;
  }

  /** Reads every resource the base's kustomization.yaml lists; the account is its ServiceAccount. */
  public static ShippedRbac load() {
    JsonNode kustomization = readAll(BASE.resolve("kustomization.yaml")).get(0);
    String namespace = kustomization.path("namespace").asText();
    List<JsonNode> documents = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      for (JsonNode document : readAll(BASE.resolve(resource.asText()))) {
        documents.add(document);
      }
    }
    List<String> accounts =
        documents.stream().filter(d -> kind(d).equals("ServiceAccount")).map(ShippedRbac::name).toList();
    if (accounts.size() != 1) {
      throw new IllegalStateException("expected one ServiceAccount in " + BASE + ", found " + accounts);
    }
    return new ShippedRbac(documents, namespace, accounts.get(0));
  }

  /** The operator's namespace (the kustomization's). */
  public String namespace() {
    return namespace;
  }

  /** Every document of the base, in the kustomization's order. */
  public List<JsonNode> documents() {
    return documents;
  }

  /** The one document of this kind and name. */
  public JsonNode document(String kind, String name) {
    return documents.stream()
        .filter(d -> kind(d).equals(kind) && name(d).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + BASE));
  }

  /** Whether the operator's ServiceAccount may make this call. */
  public boolean allows(ApiCall call) {
    if (call.isNonResource()) {
      return DEFAULT_NON_RESOURCE.stream().anyMatch(p -> pathMatches(p, call.path()))
          || grantingRules(call.namespace()).stream().anyMatch(rule -> nonResourceMatches(rule, call));
    }
    if (call.verb().equals("create") && DEFAULT_SELF_REVIEWS.contains(call.group() + " " + call.resource())) {
      return true;
    }
    return grantingRules(call.namespace()).stream().anyMatch(rule -> matches(rule, call));
  }

  /**
   * Every permission the shipped rules grant, one per (verb, group, resource) as {@link
   * ApiCall#permission()} spells it, to check that each is used.
   */
  public Set<String> grantedPermissions() {
    Set<String> granted = new LinkedHashSet<>();
    for (JsonNode role : boundRoles()) {
      for (JsonNode rule : role.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              String g = group.asText().isEmpty() ? "core" : group.asText();
              granted.add(verb.asText() + " " + g + " " + resource.asText());
            }
          }
        }
      }
    }
    return granted;
  }

  /** The rules that apply to a request in {@code requestNamespace} ("" for cluster-wide). */
  private List<JsonNode> grantingRules(String requestNamespace) {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode binding : documents) {
      boolean clusterWide = kind(binding).equals("ClusterRoleBinding");
      boolean namespaced =
          kind(binding).equals("RoleBinding")
              && !requestNamespace.isEmpty()
              && requestNamespace.equals(binding.path("metadata").path("namespace").asText(namespace));
      if ((clusterWide || namespaced) && bindsOperator(binding)) {
        role(binding).ifPresent(role -> role.path("rules").forEach(rules::add));
      }
    }
    return rules;
  }

  private List<JsonNode> boundRoles() {
    return documents.stream()
        .filter(d -> kind(d).endsWith("RoleBinding") && bindsOperator(d))
        .map(this::role)
        .flatMap(Optional::stream)
        .toList();
  }

  private Optional<JsonNode> role(JsonNode binding) {
    JsonNode ref = binding.path("roleRef");
    String bindingNamespace = binding.path("metadata").path("namespace").asText(namespace);
    return documents.stream()
        .filter(d -> kind(d).equals(ref.path("kind").asText()) && name(d).equals(ref.path("name").asText()))
        .filter(d -> kind(d).equals("ClusterRole")
            || d.path("metadata").path("namespace").asText(namespace).equals(bindingNamespace))
        .findFirst();
  }

  private boolean bindsOperator(JsonNode binding) {
    return StreamSupport.stream(binding.path("subjects").spliterator(), false)
        .anyMatch(
            s ->
                s.path("kind").asText().equals("ServiceAccount")
                    && s.path("name").asText().equals(serviceAccount)
                    && s.path("namespace").asText(namespace).equals(namespace));
  }

  private static boolean matches(JsonNode rule, ApiCall call) {
    return contains(rule.path("apiGroups"), call.group())
        && contains(rule.path("resources"), call.ruleResource())
        && contains(rule.path("verbs"), call.verb())
        && (rule.path("resourceNames").isEmpty() || contains(rule.path("resourceNames"), call.name()));
  }

  private static boolean nonResourceMatches(JsonNode rule, ApiCall call) {
    return contains(rule.path("verbs"), call.verb())
        && StreamSupport.stream(rule.path("nonResourceURLs").spliterator(), false)
            .anyMatch(url -> pathMatches(url.asText(), call.path()));
  }

  private static boolean contains(JsonNode list, String value) {
    return StreamSupport.stream(list.spliterator(), false)
        .anyMatch(v -> v.asText().equals("*") || v.asText().equals(value));
  }

  private static boolean pathMatches(String pattern, String path) {
    return pattern.endsWith("*")
        ? path.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(path);
  }

  private static String kind(JsonNode document) {
    return document.path("kind").asText();
  }

  private static String name(JsonNode document) {
    return document.path("metadata").path("name").asText();
  }

  private static List<JsonNode> readAll(Path file) {
    try (MappingIterator<JsonNode> values = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
      return values.readAll().stream().filter(d -> !d.isNull() && !d.isMissingNode()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
