package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which of a base's grants an account's allowed requests used. Each grant is one verb on one
 * resource of one API group (with the rule's resourceNames), in the scope of the binding that gives
 * it; a grant no request used is privilege the account does not need.
 */
public final class RbacCoverage {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One grant of a rule, e.g. {@code update coordination.k8s.io leases [bulwark-operator] in
   * bulwark-system}.
   */
  public record Grant(String namespace, JsonNode rule) {
    @Override
    public String toString() {
      String group = rule.path("apiGroups").path(0).asText();
      String names = rule.path("resourceNames").isEmpty() ? "" : " " + rule.path("resourceNames");
      return rule.path("verbs").path(0).asText()
          + " "
          + (group.isEmpty() ? "core" : group)
          + " "
          + rule.path("resources").path(0).asText()
          + names
          + (namespace.isEmpty() ? "" : " in " + namespace);
    }
  }

  private final Map<Grant, List<RequestAttributes>> uses = new LinkedHashMap<>();

  private RbacCoverage() {}

  /** The grants the base binds to {@code account}, each with the allowed requests that used it. */
  public static RbacCoverage of(
      KustomizeBase base, UserInfo account, List<ApiAudit.Entry> decisions) {
    RbacCoverage coverage = new RbacCoverage();
    for (JsonNode binding : base.documents()) {
      String kind = binding.path("kind").asText();
      if (!kind.endsWith("RoleBinding")) {
        continue;
      }
      String namespace =
          kind.equals("RoleBinding") ? binding.path("metadata").path("namespace").asText() : "";
      JsonNode role =
          base.document(
              binding.path("roleRef").path("kind").asText(),
              binding.path("roleRef").path("name").asText());
      if (!bindsAccount(account, namespace, binding)) {
        continue;
      }
      for (JsonNode rule : role.path("rules")) {
        for (Grant grant : expand(namespace, rule)) {
          coverage.uses.put(
              grant,
              decisions.stream()
                  .filter(ApiAudit.Entry::allowed)
                  .map(ApiAudit.Entry::request)
                  .filter(r -> RbacAuthorizer.allows(grant.rule(), r))
                  .filter(r -> namespace.isEmpty() || namespace.equals(r.namespace()))
                  .toList());
        }
      }
    }
    return coverage;
  }

  /** Grants that no allowed request used. */
  public List<Grant> unused() {
    return uses.entrySet().stream()
        .filter(e -> e.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Each grant and the distinct requests that used it, one line each: the table of
   * docs/operations.md.
   */
  public String table() {
    return uses.entrySet().stream()
        .map(
            e ->
                "  "
                    + e.getKey()
                    + " <- "
                    + e.getValue().stream()
                        .map(r -> r.verb() + " " + r.path())
                        .collect(Collectors.toCollection(TreeSet::new)))
        .collect(Collectors.joining("\n"));
  }

  private static boolean bindsAccount(UserInfo account, String namespace, JsonNode binding) {
    for (JsonNode subject : binding.path("subjects")) {
      String subjectNamespace = subject.path("namespace").asText(namespace);
      if (subject.path("kind").asText().equals("ServiceAccount")
          && account
              .name()
              .equals(
                  "system:serviceaccount:"
                      + subjectNamespace
                      + ":"
                      + subject.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  private static List<Grant> expand(String namespace, JsonNode rule) {
    List<Grant> grants = new ArrayList<>();
    for (JsonNode group : rule.path("apiGroups")) {
      for (JsonNode resource : rule.path("resources")) {
        for (JsonNode verb : rule.path("verbs")) {
          ObjectNode single = JSON.createObjectNode();
          single.putArray("apiGroups").add(group.asText());
          single.putArray("resources").add(resource.asText());
          single.putArray("verbs").add(verb.asText());
          if (rule.has("resourceNames")) {
            single.set("resourceNames", rule.path("resourceNames"));
          }
          grants.add(new Grant(namespace, single));
        }
      }
    }
    return grants;
  }
}
