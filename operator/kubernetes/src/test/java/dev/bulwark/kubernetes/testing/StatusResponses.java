package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** The {@code Status} bodies the API server answers refusals with. */
final class StatusResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusResponses() {}

  /** 401: no or unknown credentials. */
  static MockResponse unauthorized() {
    return status(401, "Unauthorized", "Unauthorized", null);
  }

  /** 403 with the authorizer's message, prefixed the way the API server's NewForbidden does. */
  static MockResponse forbidden(RequestAttributes request, String reason) {
    ObjectNode details = null;
    String message;
    if (request.resourceRequest()) {
      String qualified =
          request.apiGroup().isEmpty()
              ? request.resource()
              : request.resource() + "." + request.apiGroup();
      message =
          qualified
              + (request.name().isEmpty() ? "" : " \"" + request.name() + "\"")
              + " is forbidden: "
              + reason;
      details =
          JSON.createObjectNode().put("group", request.apiGroup()).put("kind", request.resource());
      if (!request.name().isEmpty()) {
        details.put("name", request.name());
      }
    } else {
      message = "forbidden: " + reason;
    }
    return status(403, "Forbidden", message, details);
  }

  /** 422: the object fails validation. */
  static MockResponse invalid(String kind, String name, String field, String why) {
    return status(
        422, "Invalid", kind + " \"" + name + "\" is invalid: " + field + ": " + why, null);
  }

  private static MockResponse status(int code, String reason, String message, ObjectNode details) {
    ObjectNode status =
        JSON.createObjectNode()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("status", "Failure")
            .put("message", message)
            .put("reason", reason)
            .put("code", code);
    status.putObject("metadata");
    if (details != null) {
      status.set("details", details);
    }
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }
}
