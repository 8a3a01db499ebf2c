package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Kubernetes' RBAC authorizer over a set of Role, ClusterRole, RoleBinding and ClusterRoleBinding
 * objects, plus the default ClusterRoles every authenticated account is bound to ({@code
 * system:basic-user}, {@code system:discovery}, {@code system:public-info-viewer}).
 *
 * <p>As {@code plugin/pkg/auth/authorizer/rbac} does: a ClusterRoleBinding grants its ClusterRole's
 * rules everywhere; a RoleBinding grants its Role's (or ClusterRole's) rules only for requests in
 * its own namespace. A rule allows a resource request when its verbs, apiGroups and resources match
 * ({@code *}, the exact value, or {@code *}/subresource) and its resourceNames are empty or hold
 * the requested name (so a create or a list never matches a rule with resourceNames); a
 * non-resource request when its verbs match and a nonResourceURL is {@code *}, the exact path, or a
 * prefix ending in {@code *}. A ServiceAccount subject without a namespace means the binding's own.
 * Members of {@code system:masters} are allowed everything. Not modelled: aggregated ClusterRoles,
 * impersonation and escalation checks on RBAC writes.
 */
public final class RbacAuthorizer {
  private static final List<JsonNode> DEFAULTS =
      yaml(
"""
kind: ClusterRole
metadata: {name: "system:basic-user"}
rules:
  - apiGroups: [authorization.k8s.io]
    resources: [selfsubjectaccessreviews, selfsubjectrulesreviews]
    verbs: [create]
  - apiGroups: [authentication.k8s.io]
    resources: [selfsubjectreviews]
    verbs: [create]
---
kind: ClusterRole
metadata: {name: "system:discovery"}
rules:
  - nonResourceURLs: [/api, /api/*, /apis, /apis/*, /healthz, /livez, /openapi, /openapi/*, /readyz,
                      /version, /version/]
    verbs: [get]
---
kind: ClusterRole
metadata: {name: "system:public-info-viewer"}
rules:
  - nonResourceURLs: [/healthz, /livez, /readyz, /version, /version/]
    verbs: [get]
---
kind: ClusterRoleBinding
metadata: {name: "system:basic-user"}
roleRef: {kind: ClusterRole, name: "system:basic-user"}
subjects: [{kind: Group, name: "system:authenticated"}]
---
kind: ClusterRoleBinding
metadata: {name: "system:discovery"}
roleRef: {kind: ClusterRole, name: "system:discovery"}
subjects: [{kind: Group, name: "system:authenticated"}]
---
kind: ClusterRoleBinding
metadata: {name: "system:public-info-viewer"}
roleRef: {kind: ClusterRole, name: "system:public-info-viewer"}
subjects: [{kind: Group, name: "system:authenticated"}, {kind: Group, name: "system:unauthenticated"}]
""");

  private final Function<String, List<JsonNode>> objectsOfKind;

  /**
   * @param objectsOfKind the stored objects of a kind ({@code ClusterRole}, {@code Role}, {@code
   *     ClusterRoleBinding}, {@code RoleBinding}), read at every decision as the API server's
   *     informer cache would hold them
   */
  public RbacAuthorizer(Function<String, List<JsonNode>> objectsOfKind) {
    this.objectsOfKind = Objects.requireNonNull(objectsOfKind, "objectsOfKind");
  }

  /** An authorizer over fixed documents, e.g. those of a kustomize base. */
  public static RbacAuthorizer of(List<JsonNode> documents) {
    List<JsonNode> copy = List.copyOf(documents);
    return new RbacAuthorizer(
        kind -> copy.stream().filter(d -> kind.equals(d.path("kind").asText())).toList());
  }

  /**
   * The decision and why: the binding and role that allow it, or the API server's forbidden
   * message.
   */
  public record Decision(boolean allowed, String reason) {}

  /** Decides one request. */
  public Decision authorize(UserInfo user, RequestAttributes request) {
    if (user.isSuperuser()) {
      return new Decision(true, "member of " + UserInfo.SUPERUSER_GROUP);
    }
    for (GrantedRules granted : grantedRules(user, request.namespace())) {
      for (JsonNode rule : granted.rules()) {
        if (allows(rule, request)) {
          return new Decision(true, granted.source());
        }
      }
    }
    return new Decision(false, forbiddenMessage(user, request));
  }

  /**
   * Every rule that applies to {@code user} in {@code namespace}: what a SelfSubjectRulesReview
   * answers.
   */
  public List<JsonNode> rulesFor(UserInfo user, String namespace) {
    if (user.isSuperuser()) {
      return yaml(
          "{apiGroups: ['*'], resources: ['*'], verbs: ['*']}\n"
              + "---\n"
              + "{nonResourceURLs: ['*'], verbs: ['*']}");
    }
    return grantedRules(user, namespace).stream().flatMap(g -> g.rules().stream()).toList();
  }

  /**
   * The API server's message for a refused request, e.g. {@code User "x" cannot get resource ...}.
   */
  public static String forbiddenMessage(UserInfo user, RequestAttributes request) {
    if (!request.resourceRequest()) {
      return String.format(
          "User \"%s\" cannot %s path \"%s\"", user.name(), request.verb(), request.path());
    }
    String where =
        request.namespace().isEmpty()
            ? "at the cluster scope"
            : "in the namespace \"" + request.namespace() + "\"";
    return String.format(
        "User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s",
        user.name(), request.verb(), request.ruleResource(), request.apiGroup(), where);
  }

  private record GrantedRules(String source, List<JsonNode> rules) {}

  private List<GrantedRules> grantedRules(UserInfo user, String namespace) {
    List<GrantedRules> granted = new ArrayList<>();
    for (JsonNode binding :
        concat(DEFAULTS, objectsOfKind.apply("ClusterRoleBinding"), "ClusterRoleBinding")) {
      if (appliesTo(binding, user, "")) {
        clusterRole(binding.path("roleRef").path("name").asText())
            .ifPresent(
                role ->
                    granted.add(
                        new GrantedRules(
                            "ClusterRoleBinding " + name(binding) + " of ClusterRole " + name(role),
                            rules(role))));
      }
    }
    if (!namespace.isEmpty()) {
      for (JsonNode binding : objectsOfKind.apply("RoleBinding")) {
        if (namespace.equals(binding.path("metadata").path("namespace").asText())
            && appliesTo(binding, user, namespace)) {
          JsonNode ref = binding.path("roleRef");
          Optional<JsonNode> role =
              ref.path("kind").asText().equals("ClusterRole")
                  ? clusterRole(ref.path("name").asText())
                  : objectsOfKind.apply("Role").stream()
                      .filter(r -> name(r).equals(ref.path("name").asText()))
                      .filter(r -> namespace.equals(r.path("metadata").path("namespace").asText()))
                      .findFirst();
          role.ifPresent(
              r ->
                  granted.add(
                      new GrantedRules(
                          "RoleBinding "
                              + namespace
                              + "/"
                              + name(binding)
                              + " of "
                              + r.path("kind").asText()
                              + " "
                              + name(r),
                          rules(r))));
        }
      }
    }
    return granted;
  }

  private Optional<JsonNode> clusterRole(String name) {
    return concat(DEFAULTS, objectsOfKind.apply("ClusterRole"), "ClusterRole").stream()
        .filter(r -> name(r).equals(name))
        .findFirst();
  }

  private static boolean appliesTo(JsonNode binding, UserInfo user, String bindingNamespace) {
    for (JsonNode subject : binding.path("subjects")) {
      String name = subject.path("name").asText();
      boolean applies =
          switch (subject.path("kind").asText()) {
            case "User" -> user.name().equals(name);
            case "Group" -> user.groups().contains(name);
            case "ServiceAccount" -> {
              String saNamespace = subject.path("namespace").asText(bindingNamespace);
              yield !saNamespace.isEmpty()
                  && user.name().equals("system:serviceaccount:" + saNamespace + ":" + name);
            }
            default -> false;
          };
      if (applies) {
        return true;
      }
    }
    return false;
  }

  /** Whether one rule allows the request: RuleAllows of Kubernetes' RBAC authorizer. */
  public static boolean allows(JsonNode rule, RequestAttributes request) {
    if (!matches(rule.path("verbs"), request.verb())) {
      return false;
    }
    if (!request.resourceRequest()) {
      return strings(rule.path("nonResourceURLs"))
          .anyMatch(
              url ->
                  url.equals("*")
                      || url.equals(request.path())
                      || (url.endsWith("*")
                          && request.path().startsWith(url.substring(0, url.length() - 1))));
    }
    return matches(rule.path("apiGroups"), request.apiGroup())
        && strings(rule.path("resources"))
            .anyMatch(
                r ->
                    r.equals("*")
                        || r.equals(request.ruleResource())
                        || (!request.subresource().isEmpty()
                            && r.equals("*/" + request.subresource())))
        && (rule.path("resourceNames").isEmpty()
            || strings(rule.path("resourceNames")).anyMatch(request.name()::equals));
  }

  private static boolean matches(JsonNode values, String value) {
    return strings(values).anyMatch(v -> v.equals("*") || v.equals(value));
  }

  private static Stream<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText);
  }

  private static List<JsonNode> rules(JsonNode role) {
    List<JsonNode> rules = new ArrayList<>();
    role.path("rules").forEach(rules::add);
    return rules;
  }

  private static List<JsonNode> concat(
      List<JsonNode> defaults, List<JsonNode> stored, String kind) {
    return Stream.concat(
            defaults.stream().filter(d -> kind.equals(d.path("kind").asText())), stored.stream())
        .toList();
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static List<JsonNode> yaml(String text) {
    try (MappingIterator<JsonNode> values =
        new YAMLMapper().readerFor(JsonNode.class).readValues(text)) {
      return values.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
