package dev.bulwark.kubernetes;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One request to the Kubernetes API as RBAC sees it: the verb, and either the resource
 * (API group, resource, subresource, namespace, name) or a non-resource path such as {@code /version}.
 *
 * @param verb get, list, watch, create, update, patch, delete or deletecollection (for non-resource
 *     paths the lowercase HTTP method)
 * @param group the API group, "" for the core group; null for a non-resource path
 * @param resource the resource's plural; null for a non-resource path
 * @param subresource e.g. status; "" when none
 * @param namespace "" for a cluster-wide request
 * @param name "" for a collection
 * @param path the request path, without the query
 */
public record ApiCall(
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  /** Classifies a request the way the API server's request-info resolver does. */
  public static ApiCall of(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    String path = uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String httpVerb = method.toLowerCase(Locale.ROOT);
    int prefix;
    String group;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      prefix = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      prefix = 3;
    } else {
      return new ApiCall(httpVerb, null, null, "", "", "", path);
    }
    List<String> rest = parts.subList(prefix, parts.size());
    String namespace = "";
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 ? rest.get(2) : "";
    boolean watch = Arrays.asList(query.split("&")).contains("watch=true");
    String verb =
        switch (httpVerb) {
          case "get", "head" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
          case "post" -> "create";
          case "put" -> "update";
          case "patch" -> "patch";
          case "delete" -> name.isEmpty() ? "deletecollection" : "delete";
          default -> httpVerb;
        };
    return new ApiCall(verb, group, resource, subresource, namespace, name, path);
  }

  /** True for discovery and other paths that name no resource. */
  public boolean isNonResource() {
    return resource == null;
  }

  /** The resource as an RBAC rule names it: {@code resource} or {@code resource/subresource}. */
  public String ruleResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** What an RBAC rule grants, without the object: e.g. {@code patch bulwark.dev backuppolicies/status}. */
  public String permission() {
    return isNonResource()
        ? verb + " " + path
        : verb + " " + (group.isEmpty() ? "core" : group) + " " + ruleResource();
  }

  @Override
  public String toString() {
    return permission() + (namespace.isEmpty() ? "" : " in " + namespace) + (name.isEmpty() ? "" : " " + name);
  }
}
