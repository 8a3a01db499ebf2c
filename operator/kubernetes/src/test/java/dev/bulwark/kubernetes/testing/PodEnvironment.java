package dev.bulwark.kubernetes.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} sources first, in order, then
 * {@code env} entries, later ones overriding earlier ones; values from ConfigMaps and Secrets read
 * from the API when the container starts, downward-API fields from the pod, and {@code $(NAME)}
 * references to earlier variables expanded ({@code $$} escapes). A missing ConfigMap, Secret or key
 * that is not optional makes the container unstartable with the kubelet's message ({@code
 * CreateContainerConfigError}), never an empty value.
 */
public final class PodEnvironment {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final Pattern LABEL_FIELD =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  private PodEnvironment() {}

  /** The variables, or why the container cannot start. */
  public record Result(Map<String, String> variables, Optional<String> error) {}

  /**
   * Resolves {@code container}'s environment.
   *
   * @param cluster reads ConfigMaps and Secrets of the pod's namespace
   * @param pod the pod's metadata (name, namespace, labels, uid)
   * @param nodeName the node the pod runs on, for {@code spec.nodeName}
   */
  public static Result resolve(
      KubernetesClient cluster,
      ObjectMeta pod,
      PodSpec spec,
      Container container,
      String nodeName) {
    String namespace = pod.getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (from.getConfigMapRef() != null) {
        ConfigMap map =
            cluster
                .configMaps()
                .inNamespace(namespace)
                .withName(from.getConfigMapRef().getName())
                .get();
        if (map == null) {
          if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
            return error("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
          }
          continue;
        }
        if (map.getData() != null) {
          map.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      }
      if (from.getSecretRef() != null) {
        Secret secret =
            cluster.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
        if (secret == null) {
          if (!Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
            return error("secret \"" + from.getSecretRef().getName() + "\" not found");
          }
          continue;
        }
        secretData(secret).forEach((k, v) -> env.put(prefix + k, v));
      }
    }
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValueFrom() == null) {
        env.put(
            variable.getName(),
            expand(variable.getValue() == null ? "" : variable.getValue(), env));
        continue;
      }
      Result from = valueFrom(cluster, pod, spec, nodeName, variable.getValueFrom());
      if (from.error().isPresent()) {
        return from;
      }
      from.variables().values().stream().findFirst().ifPresent(v -> env.put(variable.getName(), v));
    }
    return new Result(env, Optional.empty());
  }

  /**
   * Expands {@code $(NAME)} references to defined variables; others stay as written, {@code $$} is
   * {@code $}.
   */
  public static String expand(String value, Map<String, String> env) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group().equals("$$") ? "$" : env.getOrDefault(m.group(1), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A Secret's keys and decoded values ({@code data}, then {@code stringData}). */
  public static Map<String, String> secretData(Secret secret) {
    Map<String, String> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }

  private static Result valueFrom(
      KubernetesClient cluster,
      ObjectMeta pod,
      PodSpec spec,
      String nodeName,
      EnvVarSource source) {
    String namespace = pod.getNamespace();
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Secret secret = cluster.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (secret == null) {
        return optional ? value(null) : error("secret \"" + ref.getName() + "\" not found");
      }
      String v = secretData(secret).get(ref.getKey());
      if (v == null) {
        return optional
            ? value(null)
            : error(
                "couldn't find key "
                    + ref.getKey()
                    + " in Secret "
                    + namespace
                    + "/"
                    + ref.getName());
      }
      return value(v);
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      ConfigMap map = cluster.configMaps().inNamespace(namespace).withName(ref.getName()).get();
      if (map == null) {
        return optional ? value(null) : error("configmap \"" + ref.getName() + "\" not found");
      }
      String v = map.getData() == null ? null : map.getData().get(ref.getKey());
      if (v == null) {
        return optional
            ? value(null)
            : error(
                "couldn't find key "
                    + ref.getKey()
                    + " in ConfigMap "
                    + namespace
                    + "/"
                    + ref.getName());
      }
      return value(v);
    }
    if (source.getFieldRef() != null) {
      String path = source.getFieldRef().getFieldPath();
      Matcher labels = LABEL_FIELD.matcher(path);
      if (labels.matches()) {
        Map<String, String> map =
            labels.group(1).equals("labels") ? pod.getLabels() : pod.getAnnotations();
        return value(map == null ? "" : map.getOrDefault(labels.group(2), ""));
      }
      return switch (path) {
        case "metadata.name" -> value(pod.getName());
        case "metadata.namespace" -> value(namespace);
        case "metadata.uid" -> value(pod.getUid());
        case "spec.nodeName" -> value(nodeName);
        case "spec.serviceAccountName" ->
            value(spec.getServiceAccountName() == null ? "default" : spec.getServiceAccountName());
        case "status.hostIP", "status.podIP" -> value("127.0.0.1");
        default ->
            error(
                "unsupported fieldPath "
                    + path
                    + " (the stand-in kubelet knows metadata, spec.nodeName,"
                    + " spec.serviceAccountName, status.hostIP and status.podIP)");
      };
    }
    return error(
        "unsupported valueFrom (resourceFieldRef is not modelled by the stand-in kubelet)");
  }

  private static Result value(String value) {
    Map<String, String> one = new LinkedHashMap<>();
    if (value != null) {
      one.put("value", value);
    }
    return new Result(one, Optional.empty());
  }

  private static Result error(String message) {
    return new Result(Map.of(), Optional.of(message));
  }
}
