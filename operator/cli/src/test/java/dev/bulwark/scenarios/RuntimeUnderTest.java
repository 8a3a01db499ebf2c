package dev.bulwark.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.api.common.Resource;

/**
 * One runtime (compose shim or Kubernetes) driven the way its users drive it: resources are applied
 * and deleted, statuses read back as JSON exactly as the runtime stores them.
 */
interface RuntimeUnderTest extends AutoCloseable {

  /** A short name for assertion messages. */
  String name();

  /** Creates the resource, or replaces the spec of an existing one of the same kind and name. */
  void apply(Resource<?, ?> resource) throws Exception;

  /** Deletes a resource. */
  void delete(String kind, String name) throws Exception;

  /** The status of a resource once its observedGeneration reaches {@code generation}. */
  JsonNode awaitStatus(String kind, String name, long generation) throws Exception;

  /** Waits until the runtime no longer serves the resource (and says so, where it can). */
  void awaitNotServed(String kind, String name) throws Exception;

  /** Stops the runtime; neither implementation has anything to report from stopping. */
  @Override
  void close();
}
