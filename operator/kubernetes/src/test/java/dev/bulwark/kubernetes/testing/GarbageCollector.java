package dev.bulwark.kubernetes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's garbage collector for the kinds Bulwark's Jobs involve: when an object is
 * deleted, its dependents (objects whose {@code ownerReferences} name its uid) are deleted too
 * ({@code Background} or {@code Foreground} propagation, transitively) or lose that owner reference
 * ({@code Orphan}). The policy comes from the request's DeleteOptions or query; without one, {@code
 * batch/v1} Jobs orphan their pods, as the API server's default for Jobs does, and every other kind
 * propagates in the background. Foreground is treated as Background: the mock store deletes at
 * once, so there is no window in which the owner waits for its dependents.
 */
final class GarbageCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  // The dependents Bulwark's Jobs can have: pods of Jobs, Jobs of Bulwark resources, their scratch
  // objects.
  private static final List<String[]> DEPENDENT_KINDS =
      List.of(
          new String[] {"v1", "Pod"},
          new String[] {"batch/v1", "Job"},
          new String[] {"v1", "ConfigMap"},
          new String[] {"v1", "Secret"},
          new String[] {"v1", "PersistentVolumeClaim"});

  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "testing-gc"));
  private volatile KubernetesClient admin;

  /** Starts collecting with the administrator's client. */
  void start(KubernetesClient adminClient) {
    this.admin = adminClient;
  }

  /**
   * Lets the store delete, then collects the dependents of what was deleted.
   *
   * @param store the mock store's dispatch
   */
  MockResponse deleting(
      RecordedRequest request,
      RequestAttributes attributes,
      Function<RecordedRequest, MockResponse> store) {
    Optional<JsonNode> deleted = read(attributes.path(), store);
    MockResponse response = store.apply(request);
    if (response.code() / 100 == 2 && deleted.isPresent() && admin != null) {
      String uid = deleted.get().path("metadata").path("uid").asText("");
      DeletionPropagation policy = propagation(request, attributes);
      if (!uid.isEmpty()) {
        worker.execute(() -> collect(uid, policy));
      }
    }
    return response;
  }

  /** Waits until every deletion seen so far has been collected. */
  void settle() {
    try {
      worker.submit(() -> {}).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("garbage collection did not settle", e);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  private void collect(String ownerUid, DeletionPropagation policy) {
    for (String[] kind : DEPENDENT_KINDS) {
      List<GenericKubernetesResource> items;
      try {
        items =
            admin.genericKubernetesResources(kind[0], kind[1]).inAnyNamespace().list().getItems();
      } catch (KubernetesClientException e) {
        continue; // a kind nothing has stored yet
      }
      for (GenericKubernetesResource dependent : items) {
        List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
        if (owners == null || owners.stream().noneMatch(o -> ownerUid.equals(o.getUid()))) {
          continue;
        }
        try {
          if (policy == DeletionPropagation.ORPHAN) {
            admin
                .resource(dependent)
                .edit(
                    d -> {
                      d.getMetadata()
                          .getOwnerReferences()
                          .removeIf(o -> ownerUid.equals(o.getUid()));
                      return d;
                    });
          } else {
            admin
                .resource(dependent)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
          }
        } catch (KubernetesClientException e) {
          LOG.debug(
              "garbage collection of {} {}: {}",
              kind[1],
              dependent.getMetadata().getName(),
              e.getMessage());
        }
      }
    }
  }

  private static DeletionPropagation propagation(
      RecordedRequest request, RequestAttributes attributes) {
    String query = URI.create(request.getPath()).getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("propagationPolicy=")) {
          return DeletionPropagation.valueOf(
              pair.substring("propagationPolicy=".length()).toUpperCase());
        }
      }
    }
    try {
      JsonNode options =
          request.getBody().size() == 0
              ? JSON.createObjectNode()
              : JSON.readTree(request.getBody().getBytes());
      if (options.hasNonNull("propagationPolicy")) {
        return DeletionPropagation.valueOf(options.get("propagationPolicy").asText().toUpperCase());
      }
      if (options.hasNonNull("orphanDependents")) {
        return options.get("orphanDependents").asBoolean()
            ? DeletionPropagation.ORPHAN
            : DeletionPropagation.BACKGROUND;
      }
    } catch (IOException e) {
      // not DeleteOptions: the store refuses it itself
    }
    boolean job = attributes.apiGroup().equals("batch") && attributes.resource().equals("jobs");
    return job ? DeletionPropagation.ORPHAN : DeletionPropagation.BACKGROUND;
  }

  private static Optional<JsonNode> read(
      String path, Function<RecordedRequest, MockResponse> store) {
    MockResponse response =
        store.apply(
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
