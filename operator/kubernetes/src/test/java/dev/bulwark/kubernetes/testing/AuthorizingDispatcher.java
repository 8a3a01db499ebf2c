package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The API server's front door in front of fabric8's CRUD mock: authenticates the bearer token,
 * authorizes the request with RBAC, answers self-reviews from the same rules, runs admission, and
 * only then lets the mock store serve it. A request without valid credentials gets 401, one RBAC
 * does not allow gets 403 with a {@code Status} body, as from a real API server.
 */
final class AuthorizingDispatcher extends Dispatcher implements CustomResourceAware {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Dispatcher store;
  private final ServiceAccountTokens tokens;
  private final RbacAuthorizer authorizer;
  private final ApiAudit audit;
  private final JobAdmission jobs;
  private final GarbageCollector collector;

  AuthorizingDispatcher(
      Dispatcher store,
      ServiceAccountTokens tokens,
      RbacAuthorizer authorizer,
      ApiAudit audit,
      JobAdmission jobs,
      GarbageCollector collector) {
    this.store = store;
    this.tokens = tokens;
    this.authorizer = authorizer;
    this.audit = audit;
    this.jobs = jobs;
    this.collector = collector;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    RequestAttributes attributes = RequestAttributes.of(request.getMethod(), request.getPath());
    Optional<UserInfo> user = tokens.authenticate(request.getHeader("Authorization"));
    if (user.isEmpty()) {
      audit.record(new ApiAudit.Entry(null, attributes, false, "no valid bearer token"));
      return StatusResponses.unauthorized();
    }
    RbacAuthorizer.Decision decision = authorizer.authorize(user.get(), attributes);
    audit.record(new ApiAudit.Entry(user.get(), attributes, decision.allowed(), decision.reason()));
    if (!decision.allowed()) {
      return StatusResponses.forbidden(attributes, decision.reason());
    }
    if (isCreate(attributes, "authorization.k8s.io", "selfsubjectrulesreviews")) {
      return rulesReview(user.get(), body(request));
    }
    if (isCreate(attributes, "authorization.k8s.io", "selfsubjectaccessreviews")) {
      return accessReview(user.get(), body(request));
    }
    if (isCreate(attributes, "batch", "jobs")) {
      return jobs.create(request, store::dispatch);
    }
    if (attributes.verb().equals("delete")) {
      return collector.deleting(request, attributes, store::dispatch);
    }
    return store.dispatch(request);
  }

  @Override
  public void expectCustomResource(CustomResourceDefinitionContext context) {
    if (store instanceof CustomResourceAware aware) {
      aware.expectCustomResource(context);
    }
  }

  @Override
  public void shutdown() {
    store.shutdown();
  }

  private static boolean isCreate(RequestAttributes request, String group, String resource) {
    return request.resourceRequest()
        && request.verb().equals("create")
        && request.apiGroup().equals(group)
        && request.resource().equals(resource);
  }

  /** What the user may do in the review's namespace: every rule bound to it there. */
  private MockResponse rulesReview(UserInfo user, JsonNode review) {
    ObjectNode answer = review.deepCopy();
    ObjectNode status = answer.putObject("status");
    ArrayNode resourceRules = status.putArray("resourceRules");
    ArrayNode nonResourceRules = status.putArray("nonResourceRules");
    for (JsonNode rule :
        authorizer.rulesFor(user, review.path("spec").path("namespace").asText(""))) {
      ObjectNode copy = JSON.createObjectNode();
      copy.set("verbs", rule.path("verbs"));
      if (rule.has("nonResourceURLs")) {
        copy.set("nonResourceURLs", rule.path("nonResourceURLs"));
        nonResourceRules.add(copy);
      } else {
        copy.set("apiGroups", rule.path("apiGroups"));
        copy.set("resources", rule.path("resources"));
        if (rule.has("resourceNames")) {
          copy.set("resourceNames", rule.path("resourceNames"));
        }
        resourceRules.add(copy);
      }
    }
    status.put("incomplete", false);
    return json(201, answer);
  }

  /** Whether the user may make the one request the review describes. */
  private MockResponse accessReview(UserInfo user, JsonNode review) {
    JsonNode spec = review.path("spec");
    RequestAttributes asked;
    if (spec.has("nonResourceAttributes")) {
      JsonNode n = spec.path("nonResourceAttributes");
      asked =
          new RequestAttributes(
              false, n.path("verb").asText(), "", "", "", "", "", n.path("path").asText());
    } else {
      JsonNode r = spec.path("resourceAttributes");
      asked =
          new RequestAttributes(
              true,
              r.path("verb").asText(),
              r.path("group").asText(""),
              r.path("resource").asText(),
              r.path("subresource").asText(""),
              r.path("namespace").asText(""),
              r.path("name").asText(""),
              "");
    }
    RbacAuthorizer.Decision decision = authorizer.authorize(user, asked);
    ObjectNode answer = review.deepCopy();
    answer.putObject("status").put("allowed", decision.allowed()).put("reason", decision.reason());
    return json(201, answer);
  }

  private static JsonNode body(RecordedRequest request) {
    try {
      return JSON.readTree(request.getBody().getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
