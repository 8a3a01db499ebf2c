package dev.bulwark.kubernetes.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP request to the Kubernetes API as the API server's authorizer sees it, resolved the way
 * its request-info resolver does ({@code k8s.io/apiserver/pkg/endpoints/request/requestinfo.go}).
 *
 * <p>What that resolver does, and this one too: a path with fewer than three segments, or not under
 * {@code /api} or {@code /apis/<group>}, is a non-resource request whose verb is the lowercase HTTP
 * method; {@code /apis/<group>/<version>} alone is still non-resource. For resources the verb comes
 * from the method (POST create, PUT update, PATCH patch, DELETE delete, GET get), a legacy {@code
 * /watch/} segment makes it watch, and a GET or DELETE without a name becomes list, watch ({@code
 * watch=true} or {@code 1}) or deletecollection. A GET of a named object stays {@code get} even
 * with {@code watch=true}. A {@code fieldSelector=metadata.name=X} on a list or watch names the
 * object, so {@code resourceNames} rules can match it. Under {@code /namespaces/<ns>/} the
 * namespace is taken; {@code status} and {@code finalize} after a namespace's name are its
 * subresources.
 *
 * @param resourceRequest false for discovery and other paths that name no resource
 * @param verb get, list, watch, create, update, patch, delete, deletecollection; for non-resource
 *     requests the lowercase HTTP method
 * @param apiGroup "" for the core group (and for non-resource requests)
 * @param resource the resource's plural, "" for non-resource requests
 * @param subresource e.g. {@code status}; "" when none
 * @param namespace "" for cluster-scoped requests
 * @param name "" when the request names no object (list, create, watch of a collection)
 * @param path the request path without its query
 */
public record RequestAttributes(
    boolean resourceRequest,
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  // strconv.ParseBool, which the API server's query decoding uses for watch.
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");

  /** Resolves a request line: its HTTP method and its path with the query. */
  public static RequestAttributes of(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    String path = uri.getRawPath();
    Map<String, String> query = query(uri.getRawQuery());
    String httpVerb = method.toLowerCase(Locale.ROOT);
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
      return nonResource(httpVerb, path);
    }
    List<String> current = parts.subList(1, parts.size());
    String group = "";
    if (parts.get(0).equals("apis")) {
      if (current.size() < 3) {
        return nonResource(httpVerb, path);
      }
      group = current.get(0);
      current = current.subList(1, current.size());
    }
    current = current.subList(1, current.size()); // the version
    String verb;
    if (!current.isEmpty() && SPECIAL_VERBS.contains(current.get(0))) {
      verb = current.get(0);
      current = current.subList(1, current.size());
    } else {
      verb =
          switch (method.toUpperCase(Locale.ROOT)) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
          };
    }
    String namespace = "";
    if (!current.isEmpty() && current.get(0).equals("namespaces") && current.size() > 1) {
      namespace = current.get(1);
      if (current.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(current.get(2))) {
        current = current.subList(2, current.size());
      }
    }
    String resource = current.isEmpty() ? "" : current.get(0);
    String name = current.size() >= 2 ? current.get(1) : "";
    String subresource = current.size() >= 3 && !verb.equals("proxy") ? current.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      verb = TRUE.contains(query.getOrDefault("watch", "")) ? "watch" : "list";
      name = nameFromFieldSelector(query.getOrDefault("fieldSelector", ""));
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new RequestAttributes(true, verb, group, resource, subresource, namespace, name, path);
  }

  /** The resource as RBAC rules name it: {@code resource} or {@code resource/subresource}. */
  public String ruleResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /**
   * What a rule must grant, without the object: e.g. {@code patch bulwark.dev
   * backuppolicies/status}.
   */
  public String permission() {
    return resourceRequest
        ? verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + " " + ruleResource()
        : verb + " " + path;
  }

  @Override
  public String toString() {
    return permission()
        + (namespace.isEmpty() ? "" : " in " + namespace)
        + (name.isEmpty() ? "" : " named " + name);
  }

  private static RequestAttributes nonResource(String verb, String path) {
    return new RequestAttributes(false, verb, "", "", "", "", "", path);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      values.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return values;
  }

  /**
   * The name a selector pins with {@code metadata.name=X} or {@code ==}, as RequiresExactMatch
   * does.
   */
  private static String nameFromFieldSelector(String selector) {
    for (String term : selector.split(",")) {
      String t = term.strip();
      for (String operator : List.of("==", "=")) {
        if (t.startsWith("metadata.name" + operator)) {
          String name = t.substring(("metadata.name" + operator).length());
          boolean validSegment =
              !name.isEmpty()
                  && !name.equals(".")
                  && !name.equals("..")
                  && !name.contains("/")
                  && !name.contains("%");
          return validSegment ? name : "";
        }
      }
    }
    return "";
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
