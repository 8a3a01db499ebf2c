package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * What the API server does to a new {@code batch/v1} Job before storing it: refuses a pod template
 * a Job may not have (no containers, a restartPolicy other than Never or OnFailure) with 422, and
 * fills the defaults (backoffLimit 6, completions and parallelism 1, suspend false, the
 * controller-uid selector and the job-name labels on the pod template), so that readers see what
 * they would see on a cluster.
 */
final class JobAdmission {
  /** The label the Job's selector matches pods on. */
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

  /** The label naming a pod's Job. */
  static final String JOB_NAME = "batch.kubernetes.io/job-name";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Validates and defaults the Job, lets the store create it, then labels its pod template with the
   * uid the store assigned (the mock assigns its own, so watchers see the labels one update later).
   */
  MockResponse create(RecordedRequest request, Function<RecordedRequest, MockResponse> store) {
    ObjectNode job;
    try {
      job = (ObjectNode) JSON.readTree(request.getBody().getBytes());
    } catch (IOException | ClassCastException e) {
      return store.apply(request); // the store answers malformed bodies itself
    }
    String name =
        job.path("metadata")
            .path("name")
            .asText(job.path("metadata").path("generateName").asText());
    JsonNode podSpec = job.path("spec").path("template").path("spec");
    if (!podSpec.path("containers").isArray() || podSpec.path("containers").isEmpty()) {
      return StatusResponses.invalid(
          "Job.batch", name, "spec.template.spec.containers", "Required value");
    }
    String restartPolicy = podSpec.path("restartPolicy").asText("");
    if (!List.of("Never", "OnFailure").contains(restartPolicy)) {
      return StatusResponses.invalid(
          "Job.batch",
          name,
          "spec.template.spec.restartPolicy",
          "Required value: valid values: \"OnFailure\", \"Never\""
              + (restartPolicy.isEmpty() ? "" : ", not " + restartPolicy));
    }
    ObjectNode spec = job.withObjectProperty("spec");
    putIfAbsent(spec, "backoffLimit", 6);
    putIfAbsent(spec, "completions", 1);
    putIfAbsent(spec, "parallelism", 1);
    if (!spec.has("suspend")) {
      spec.put("suspend", false);
    }
    if (!spec.has("completionMode")) {
      spec.put("completionMode", "NonIndexed");
    }
    MockResponse created = store.apply(withBody(request, request.method(), request.getPath(), job));
    if (created.code() != 201) {
      return created;
    }
    ObjectNode stored;
    try {
      stored = (ObjectNode) JSON.readTree(created.getBody().getBytes());
    } catch (IOException e) {
      return created;
    }
    String uid = stored.path("metadata").path("uid").asText();
    String storedName = stored.path("metadata").path("name").asText();
    ObjectNode storedSpec = stored.withObjectProperty("spec");
    storedSpec
        .withObjectProperty("selector")
        .withObjectProperty("matchLabels")
        .put(CONTROLLER_UID, uid);
    storedSpec
        .withObjectProperty("template")
        .withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put(CONTROLLER_UID, uid)
        .put("controller-uid", uid)
        .put(JOB_NAME, storedName)
        .put("job-name", storedName);
    String path = request.getPath().replaceFirst("\\?.*$", "") + "/" + storedName;
    MockResponse labelled = store.apply(withBody(request, HttpMethod.PUT, path, stored));
    return labelled.code() == 200 ? labelled.setResponseCode(201) : created;
  }

  private static RecordedRequest withBody(
      RecordedRequest request, HttpMethod method, String path, JsonNode body) {
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        request.getHeaders().newBuilder().removeAll("Content-Length").build(),
        new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static void putIfAbsent(ObjectNode spec, String field, int value) {
    if (!spec.hasNonNull(field)) {
      spec.put(field, value);
    }
  }
}
