package dev.bulwark.kubernetes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stand-in's authorizer is strict: for each dimension RBAC matches on (verb, API group,
 * resource, subresource, resourceNames, namespace, subject, non-resource URL) one hand-written rule
 * that grants and one request it must refuse.
 */
class RbacAuthorizerTest {
  private static final UserInfo OPERATOR = UserInfo.serviceAccount("ops", "op");

  @Test
  void theVerbMustBeListedOrStar() {
    RbacAuthorizer rbac = clusterWide("{apiGroups: [''], resources: [secrets], verbs: [get]}");
    assertThat(allowed(rbac, "GET", "/api/v1/namespaces/a/secrets/key")).isTrue();
    assertThat(allowed(rbac, "GET", "/api/v1/namespaces/a/secrets")).as("list").isFalse();
    assertThat(allowed(rbac, "PUT", "/api/v1/namespaces/a/secrets/key")).as("update").isFalse();
    RbacAuthorizer any = clusterWide("{apiGroups: [''], resources: [secrets], verbs: ['*']}");
    assertThat(allowed(any, "DELETE", "/api/v1/namespaces/a/secrets"))
        .as("deletecollection")
        .isTrue();
  }

  @Test
  void theApiGroupMustMatch() {
    RbacAuthorizer rbac = clusterWide("{apiGroups: [batch], resources: [jobs], verbs: [create]}");
    assertThat(allowed(rbac, "POST", "/apis/batch/v1/namespaces/a/jobs")).isTrue();
    assertThat(allowed(rbac, "POST", "/apis/other.io/v1/namespaces/a/jobs")).isFalse();
    assertThat(allowed(rbac, "POST", "/api/v1/namespaces/a/jobs")).as("the core group").isFalse();
    RbacAuthorizer anyGroup = clusterWide("{apiGroups: ['*'], resources: [jobs], verbs: [create]}");
    assertThat(allowed(anyGroup, "POST", "/apis/other.io/v1/namespaces/a/jobs")).isTrue();
  }

  @Test
  void theResourceAndItsSubresourceAreDistinct() {
    RbacAuthorizer status =
        clusterWide(
            "{apiGroups: [bulwark.dev], resources: [backuppolicies/status], verbs: [patch]}");
    assertThat(
            allowed(
                status, "PATCH", "/apis/bulwark.dev/v1alpha1/namespaces/a/backuppolicies/p/status"))
        .isTrue();
    assertThat(allowed(status, "PATCH", "/apis/bulwark.dev/v1alpha1/namespaces/a/backuppolicies/p"))
        .as("the spec")
        .isFalse();
    RbacAuthorizer main =
        clusterWide("{apiGroups: [bulwark.dev], resources: [backuppolicies], verbs: [patch]}");
    assertThat(
            allowed(
                main, "PATCH", "/apis/bulwark.dev/v1alpha1/namespaces/a/backuppolicies/p/status"))
        .as("the resource does not grant its subresources")
        .isFalse();
    RbacAuthorizer anyStatus =
        clusterWide("{apiGroups: ['*'], resources: ['*/status'], verbs: [patch]}");
    assertThat(
            allowed(
                anyStatus,
                "PATCH",
                "/apis/bulwark.dev/v1alpha1/namespaces/a/restoredrills/d/status"))
        .isTrue();
    assertThat(
            allowed(anyStatus, "PATCH", "/apis/bulwark.dev/v1alpha1/namespaces/a/restoredrills/d"))
        .isFalse();
    RbacAuthorizer everything = clusterWide("{apiGroups: ['*'], resources: ['*'], verbs: [get]}");
    assertThat(allowed(everything, "GET", "/apis/batch/v1/namespaces/a/jobs/j/status")).isTrue();
  }

  @Test
  void resourceNamesMatchOnlyRequestsThatNameTheObject() {
    RbacAuthorizer rbac =
        clusterWide(
            "{apiGroups: [coordination.k8s.io], resources: [leases], resourceNames: [lock], verbs:"
                + " [get, create, list]}");
    assertThat(allowed(rbac, "GET", "/apis/coordination.k8s.io/v1/namespaces/s/leases/lock"))
        .isTrue();
    assertThat(allowed(rbac, "GET", "/apis/coordination.k8s.io/v1/namespaces/s/leases/other"))
        .isFalse();
    assertThat(allowed(rbac, "POST", "/apis/coordination.k8s.io/v1/namespaces/s/leases"))
        .as("create has no name")
        .isFalse();
    assertThat(allowed(rbac, "GET", "/apis/coordination.k8s.io/v1/namespaces/s/leases"))
        .as("list")
        .isFalse();
    assertThat(
            allowed(
                rbac,
                "GET",
                "/apis/coordination.k8s.io/v1/namespaces/s/leases?fieldSelector=metadata.name%3Dlock"))
        .as("a list pinned to the name")
        .isTrue();
  }

  @Test
  void aRoleBindingGrantsOnlyInItsNamespaceAndAClusterRoleBindingEverywhere() {
    RbacAuthorizer rbac =
        RbacAuthorizer.of(
            yaml(
                """
                kind: Role
                metadata: {name: leases, namespace: ops}
                rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get]}]
                ---
                kind: RoleBinding
                metadata: {name: leases, namespace: ops}
                roleRef: {kind: Role, name: leases}
                subjects: [{kind: ServiceAccount, name: op, namespace: ops}]
                ---
                kind: ClusterRole
                metadata: {name: reader}
                rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]
                ---
                kind: RoleBinding
                metadata: {name: reader, namespace: team-a}
                roleRef: {kind: ClusterRole, name: reader}
                subjects: [{kind: ServiceAccount, name: op, namespace: ops}]
                """));
    assertThat(allowed(rbac, "GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/l"))
        .isTrue();
    assertThat(allowed(rbac, "GET", "/apis/coordination.k8s.io/v1/namespaces/team-a/leases/l"))
        .isFalse();
    assertThat(allowed(rbac, "GET", "/apis/coordination.k8s.io/v1/leases"))
        .as("cluster scope")
        .isFalse();
    assertThat(allowed(rbac, "GET", "/api/v1/namespaces/team-a/configmaps/c"))
        .as("a ClusterRole through a RoleBinding, in that namespace")
        .isTrue();
    assertThat(allowed(rbac, "GET", "/api/v1/namespaces/team-b/configmaps/c")).isFalse();

    RbacAuthorizer everywhere =
        clusterWide("{apiGroups: [''], resources: [configmaps], verbs: [get]}");
    assertThat(allowed(everywhere, "GET", "/api/v1/namespaces/team-b/configmaps/c")).isTrue();
    assertThat(allowed(everywhere, "GET", "/api/v1/configmaps"))
        .as("list is another verb")
        .isFalse();
  }

  @Test
  void subjectsMatchTheServiceAccountItsUserNameOrItsGroups() {
    String role =
        """
        kind: ClusterRole
        metadata: {name: r}
        rules: [{apiGroups: [''], resources: [pods], verbs: [list]}]
        """;
    String listPods = "/api/v1/namespaces/ops/pods";
    assertThat(
            allowed(
                RbacAuthorizer.of(
                    yaml(
                        role
                            + binding(
                                "ClusterRoleBinding",
                                "",
                                "{kind: ServiceAccount, name: op, namespace: ops}"))),
                "GET",
                listPods))
        .isTrue();
    assertThat(
            allowed(
                RbacAuthorizer.of(
                    yaml(
                        role
                            + binding(
                                "ClusterRoleBinding",
                                "",
                                "{kind: ServiceAccount, name: op, namespace: other}"))),
                "GET",
                listPods))
        .as("another namespace's account of the same name")
        .isFalse();
    assertThat(
            allowed(
                RbacAuthorizer.of(
                    yaml(
                        role
                            + binding(
                                "ClusterRoleBinding", "", "{kind: ServiceAccount, name: op}"))),
                "GET",
                listPods))
        .as("a ClusterRoleBinding's subject without namespace matches no account")
        .isFalse();
    assertThat(
            allowed(
                RbacAuthorizer.of(
                    yaml(role + binding("RoleBinding", "ops", "{kind: ServiceAccount, name: op}"))),
                "GET",
                listPods))
        .as("a RoleBinding's subject without namespace is in the binding's")
        .isTrue();
    assertThat(
            allowed(
                RbacAuthorizer.of(
                    yaml(
                        role
                            + binding(
                                "ClusterRoleBinding",
                                "",
                                "{kind: User, name: 'system:serviceaccount:ops:op'}"))),
                "GET",
                listPods))
        .isTrue();
    assertThat(
            allowed(
                RbacAuthorizer.of(
                    yaml(
                        role
                            + binding(
                                "ClusterRoleBinding",
                                "",
                                "{kind: Group, name: 'system:serviceaccounts:ops'}"))),
                "GET",
                listPods))
        .isTrue();
    assertThat(
            allowed(
                RbacAuthorizer.of(
                    yaml(
                        role
                            + binding(
                                "ClusterRoleBinding",
                                "",
                                "{kind: Group, name: 'system:serviceaccounts:other'}"))),
                "GET",
                listPods))
        .isFalse();
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByAStarPrefixAndDiscoveryIsGrantedByDefault() {
    RbacAuthorizer rbac = clusterWide("{nonResourceURLs: ['/metrics', '/logs/*'], verbs: [get]}");
    assertThat(allowed(rbac, "GET", "/metrics")).isTrue();
    assertThat(allowed(rbac, "GET", "/metrics/extra")).isFalse();
    assertThat(allowed(rbac, "GET", "/logs/kubelet.log")).isTrue();
    assertThat(allowed(rbac, "POST", "/metrics")).isFalse();
    RbacAuthorizer none = RbacAuthorizer.of(List.of());
    assertThat(allowed(none, "GET", "/version")).as("system:public-info-viewer").isTrue();
    assertThat(allowed(none, "GET", "/apis/batch/v1")).as("system:discovery").isTrue();
    assertThat(allowed(none, "GET", "/metrics")).isFalse();
    assertThat(allowed(none, "POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"))
        .as("system:basic-user")
        .isTrue();
    assertThat(allowed(none, "GET", "/api/v1/namespaces/a/pods")).isFalse();
    assertThat(
            none.authorize(
                    UserInfo.clusterAdmin(), RequestAttributes.of("DELETE", "/api/v1/namespaces/a"))
                .allowed())
        .as("system:masters")
        .isTrue();
  }

  @Test
  void aRefusalSaysWhoCannotDoWhatWhereAsTheApiServerDoes() {
    RbacAuthorizer none = RbacAuthorizer.of(List.of());
    assertThat(
            none.authorize(
                    OPERATOR,
                    RequestAttributes.of(
                        "PUT", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/l"))
                .reason())
        .isEqualTo(
            "User \"system:serviceaccount:ops:op\" cannot update resource \"leases\" in API group"
                + " \"coordination.k8s.io\" in the namespace \"ops\"");
    assertThat(
            none.authorize(
                    OPERATOR,
                    RequestAttributes.of("GET", "/apis/bulwark.dev/v1alpha1/backuppolicies"))
                .reason())
        .isEqualTo(
            "User \"system:serviceaccount:ops:op\" cannot list resource \"backuppolicies\" in API"
                + " group \"bulwark.dev\" at the cluster scope");
    assertThat(none.authorize(OPERATOR, RequestAttributes.of("GET", "/metrics")).reason())
        .isEqualTo("User \"system:serviceaccount:ops:op\" cannot get path \"/metrics\"");
  }

  @Test
  void theRulesOfAReviewAreThoseThatApplyInItsNamespace() {
    RbacAuthorizer rbac =
        RbacAuthorizer.of(
            yaml(
"""
kind: Role
metadata: {name: leases, namespace: ops}
rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}]
"""
                    + binding(
                            "RoleBinding",
                            "ops",
                            "{kind: ServiceAccount, name: op, namespace: ops}")
                        .replace("kind: ClusterRole, name: r", "kind: Role, name: leases")));
    assertThat(rbac.rulesFor(OPERATOR, "ops").toString())
        .contains("leases")
        .contains("selfsubjectrulesreviews");
    assertThat(rbac.rulesFor(OPERATOR, "team-a").toString()).doesNotContain("leases");
  }

  private static boolean allowed(RbacAuthorizer rbac, String method, String path) {
    return rbac.authorize(OPERATOR, RequestAttributes.of(method, path)).allowed();
  }

  /** One ClusterRole with this rule, bound to the operator's account everywhere. */
  private static RbacAuthorizer clusterWide(String rule) {
    return RbacAuthorizer.of(
        yaml(
            "kind: ClusterRole\nmetadata: {name: r}\nrules: ["
                + rule
                + "]\n"
                + binding(
                    "ClusterRoleBinding", "", "{kind: ServiceAccount, name: op, namespace: ops}")));
  }

  private static String binding(String kind, String namespace, String subject) {
    return "---\nkind: "
        + kind
        + "\nmetadata: {name: b"
        + (namespace.isEmpty() ? "" : ", namespace: " + namespace)
        + "}\n"
        + "roleRef: {kind: ClusterRole, name: r}\nsubjects: ["
        + subject
        + "]\n";
  }

  private static List<JsonNode> yaml(String text) {
    try (MappingIterator<JsonNode> values =
        new YAMLMapper().readerFor(JsonNode.class).readValues(text)) {
      return values.readAll();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
