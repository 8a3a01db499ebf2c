package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;

/**
 * A strict stand-in for a Kubernetes API server: fabric8's CRUD mock behind an authenticator
 * (bearer tokens, one per ServiceAccount), Kubernetes' RBAC authorizer over the Roles and bindings
 * stored in it, SelfSubjectRulesReview and SelfSubjectAccessReview answered from those same rules,
 * Job admission (validation and defaults) and a garbage collector for owner references. Every
 * request it refuses gets the 401 or 403 a real API server would send, and is in {@link #audit()}.
 *
 * <p>Apply the shipped kustomize base ({@link #apply(KustomizeBase)}) and talk as the operator with
 * {@link #clientAs(UserInfo)}: what the manifests do not grant is refused, so tests find RBAC drift
 * instead of hiding it.
 */
public final class TestingApiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BUILT_IN_API_VERSIONS =
      Set.of(
          "v1",
          "apps/v1",
          "batch/v1",
          "rbac.authorization.k8s.io/v1",
          "apiextensions.k8s.io/v1",
          "coordination.k8s.io/v1");
  private static final Map<String, String> RBAC_PATHS =
      Map.of(
          "ClusterRole", "/apis/rbac.authorization.k8s.io/v1/clusterroles",
          "ClusterRoleBinding", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
          "Role", "/apis/rbac.authorization.k8s.io/v1/roles",
          "RoleBinding", "/apis/rbac.authorization.k8s.io/v1/rolebindings");

  private final KubernetesMockServer server;
  private final KubernetesMixedDispatcher store;
  private final ApiAudit audit = new ApiAudit();
  private final GarbageCollector collector = new GarbageCollector();
  private final RbacAuthorizer authorizer;
  private final Config template;
  private final KubernetesClient admin;
  private final List<KubernetesClient> clients = new ArrayList<>();

  private TestingApiServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    store = new KubernetesMixedDispatcher(responses);
    authorizer = new RbacAuthorizer(kind -> list(RBAC_PATHS.get(kind)));
    ServiceAccountTokens tokens = new ServiceAccountTokens(path -> read(path).isPresent());
    AuthorizingDispatcher front =
        new AuthorizingDispatcher(store, tokens, authorizer, audit, new JobAdmission(), collector);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, front, false);
    server.init();
    try (KubernetesClient unauthenticated = server.createClient()) {
      template = new ConfigBuilder(unauthenticated.getConfiguration()).withNamespace(null).build();
    }
    admin = client(ServiceAccountTokens.ADMIN_TOKEN);
    collector.start(admin);
  }

  /** Starts a server on a free port. */
  public static TestingApiServer start() {
    return new TestingApiServer();
  }

  /** The base URL, e.g. {@code http://localhost:41234/}. */
  public String url() {
    return template.getMasterUrl();
  }

  /** A client of a cluster administrator (system:masters): the tests' own hands. */
  public KubernetesClient admin() {
    return admin;
  }

  /** A new client that authenticates as {@code user}, a ServiceAccount; closed with the server. */
  public KubernetesClient clientAs(UserInfo user) {
    return client(tokenFor(user));
  }

  /** The bearer token of a ServiceAccount's pods. */
  public String tokenFor(UserInfo user) {
    String[] parts = user.name().split(":");
    if (parts.length != 4 || !user.name().startsWith("system:serviceaccount:")) {
      throw new IllegalArgumentException(user.name() + " is not a ServiceAccount");
    }
    return ServiceAccountTokens.tokenFor(parts[2], parts[3]);
  }

  /** A kubeconfig for a process that should act as {@code user}, in {@code namespace}. */
  public String kubeconfigFor(UserInfo user, String namespace) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: testing, cluster: {server: '" + url() + "'}}]",
        "users: [{name: testing, user: {token: '" + tokenFor(user) + "'}}]",
        "contexts: [{name: testing, context: {cluster: testing, user: testing, namespace: "
            + namespace
            + "}}]",
        "current-context: testing",
        "");
  }

  /**
   * Creates the base's objects as {@code kubectl apply -k} would, namespaces and CRDs first;
   * objects of API groups this server does not serve (e.g. the Prometheus Operator's) are left out,
   * as a cluster without those CRDs would refuse them.
   */
  public void apply(KustomizeBase base) {
    List<JsonNode> ordered = new ArrayList<>(base.documents());
    List<String> first = List.of("Namespace", "CustomResourceDefinition");
    ordered.sort(
        Comparator.comparingInt(
            d -> {
              int i = first.indexOf(d.path("kind").asText());
              return i < 0 ? first.size() : i;
            }));
    Set<String> served = new HashSet<>(BUILT_IN_API_VERSIONS);
    for (JsonNode document : ordered) {
      if (document.path("kind").asText().equals("CustomResourceDefinition")) {
        String group = document.at("/spec/group").asText();
        document
            .at("/spec/versions")
            .forEach(v -> served.add(group + "/" + v.path("name").asText()));
      }
    }
    for (JsonNode document : ordered) {
      if (served.contains(document.path("apiVersion").asText())) {
        admin.resource(document.toString()).create();
      }
    }
  }

  /** Every request decided so far, with who sent it and why it was allowed or refused. */
  public ApiAudit audit() {
    return audit;
  }

  /** The authorizer this server uses, over the RBAC objects it stores. */
  public RbacAuthorizer authorizer() {
    return authorizer;
  }

  /** Waits until the dependents of every deletion so far have been collected. */
  public void settleGarbageCollection() {
    collector.settle();
  }

  @Override
  public void close() {
    collector.close();
    synchronized (clients) {
      clients.forEach(KubernetesClient::close);
    }
    server.destroy();
  }

  private KubernetesClient client(String token) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(template).withOauthToken(token).build())
            .build();
    synchronized (clients) {
      clients.add(client);
    }
    return client;
  }

  private List<JsonNode> list(String path) {
    List<JsonNode> items = new ArrayList<>();
    read(path).ifPresent(list -> list.path("items").forEach(items::add));
    return items;
  }

  private Optional<JsonNode> read(String path) {
    MockResponse response =
        store.dispatch(
            new RecordedRequest(
                "HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
    if (response.code() != 200 || response.getBody() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(response.getBody().getBytes()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
