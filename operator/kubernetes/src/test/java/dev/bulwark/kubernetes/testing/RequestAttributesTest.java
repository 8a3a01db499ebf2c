package dev.bulwark.kubernetes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request-info resolution the authorizer relies on, case by case against Kubernetes' rules. */
class RequestAttributesTest {

  @Test
  void getWithoutANameIsAListAndWatchTrueOrOneMakesItAWatch() {
    assertThat(of("GET", "/api/v1/namespaces/team-a/pods"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("list", "", "pods", "", "team-a", ""));
    assertThat(of("GET", "/api/v1/namespaces/team-a/pods?watch=true").verb()).isEqualTo("watch");
    assertThat(of("GET", "/api/v1/namespaces/team-a/pods?resourceVersion=5&watch=1").verb())
        .isEqualTo("watch");
    assertThat(of("GET", "/api/v1/namespaces/team-a/pods?watch=false").verb()).isEqualTo("list");
    assertThat(of("GET", "/apis/batch/v1/jobs").verb()).isEqualTo("list");
    assertThat(of("GET", "/apis/batch/v1/jobs").namespace()).as("cluster-wide").isEmpty();
  }

  @Test
  void aNamedGetStaysAGetEvenWithWatchButTheWatchPathSegmentMakesAWatch() {
    assertThat(of("GET", "/api/v1/namespaces/team-a/pods/web-0"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("get", "", "pods", "", "team-a", "web-0"));
    assertThat(of("GET", "/api/v1/namespaces/team-a/pods/web-0?watch=true").verb())
        .isEqualTo("get");
    assertThat(of("GET", "/api/v1/watch/namespaces/team-a/pods/web-0"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("watch", "", "pods", "", "team-a", "web-0"));
  }

  @Test
  void aFieldSelectorOnTheNameNamesTheObjectOfAListOrWatch() {
    assertThat(
            of(
                "GET",
                "/apis/coordination.k8s.io/v1/namespaces/s/leases?fieldSelector=metadata.name%3Dlock&watch=true"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("watch", "coordination.k8s.io", "leases", "", "s", "lock"));
    assertThat(of("GET", "/api/v1/namespaces/s/pods?fieldSelector=metadata.name%3D%3Dweb-0").name())
        .isEqualTo("web-0");
    assertThat(of("GET", "/api/v1/namespaces/s/pods?fieldSelector=metadata.name%21%3Dweb-0").name())
        .isEmpty();
    assertThat(of("GET", "/api/v1/namespaces/s/pods?fieldSelector=spec.nodeName%3Dn1").name())
        .isEmpty();
  }

  @Test
  void methodsMapToVerbsAndADeleteWithoutANameDeletesTheCollection() {
    assertThat(of("POST", "/api/v1/namespaces/s/events").verb()).isEqualTo("create");
    assertThat(of("PUT", "/apis/coordination.k8s.io/v1/namespaces/s/leases/l").verb())
        .isEqualTo("update");
    assertThat(of("PATCH", "/apis/coordination.k8s.io/v1/namespaces/s/leases/l").verb())
        .isEqualTo("patch");
    assertThat(of("DELETE", "/apis/batch/v1/namespaces/s/jobs/j").verb()).isEqualTo("delete");
    assertThat(of("DELETE", "/apis/batch/v1/namespaces/s/jobs").verb())
        .isEqualTo("deletecollection");
  }

  @Test
  void subresourcesAndTheNamespaceObjectItself() {
    assertThat(of("PATCH", "/apis/bulwark.dev/v1alpha1/namespaces/a/backuppolicies/p/status"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("patch", "bulwark.dev", "backuppolicies", "status", "a", "p"));
    assertThat(
            of("PATCH", "/apis/bulwark.dev/v1alpha1/namespaces/a/backuppolicies/p/status")
                .ruleResource())
        .isEqualTo("backuppolicies/status");
    // The namespace object: its own name is also the request's namespace, as in Kubernetes.
    assertThat(of("GET", "/api/v1/namespaces/team-a"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("get", "", "namespaces", "", "team-a", "team-a"));
    assertThat(of("PUT", "/api/v1/namespaces/team-a/finalize"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("update", "", "namespaces", "finalize", "team-a", "team-a"));
    assertThat(of("GET", "/api/v1/namespaces"))
        .usingRecursiveComparison()
        .ignoringFields("path")
        .isEqualTo(resource("list", "", "namespaces", "", "", ""));
  }

  @Test
  void discoveryAndShortPathsAreNonResourceRequestsWithTheHttpVerb() {
    for (String path :
        new String[] {
          "/api", "/api/v1", "/apis", "/apis/batch", "/apis/batch/v1", "/version", "/healthz"
        }) {
      RequestAttributes request = of("GET", path);
      assertThat(request.resourceRequest()).as(path).isFalse();
      assertThat(request.verb()).as(path).isEqualTo("get");
      assertThat(request.path()).isEqualTo(path);
    }
    assertThat(of("POST", "/logs/x").verb()).isEqualTo("post");
  }

  private static RequestAttributes of(String method, String path) {
    return RequestAttributes.of(method, path);
  }

  private static RequestAttributes resource(
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name) {
    return new RequestAttributes(true, verb, group, resource, subresource, namespace, name, "");
  }
}
