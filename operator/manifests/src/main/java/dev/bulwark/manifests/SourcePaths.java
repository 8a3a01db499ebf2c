package dev.bulwark.manifests;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.Source;
import dev.bulwark.api.common.Resource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves relative {@code spec.sources[].path} values against the folder of the manifest that
 * declares them, so a policy means the same thing whatever the working directory of the process.
 * Works on a copy: the resource as read stays exactly as written.
 */
public final class SourcePaths {
  // NON_NULL: an absent JsonNode field (an operation's value) must stay absent, not become
  // NullNode.
  private static final ObjectMapper COPIER =
      JsonMapper.builder()
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .build();

  private SourcePaths() {}

  /** A deep copy of {@code resource} with relative source paths made absolute. */
  @SuppressWarnings("unchecked")
  public static <R extends Resource<?, ?>> R resolve(R resource, Path manifestFile) {
    R copy = (R) COPIER.convertValue(resource, resource.getClass());
    if (copy instanceof BackupPolicy policy
        && policy.getSpec() != null
        && policy.getSpec().getSources() != null) {
      Path folder = manifestFile.toAbsolutePath().normalize().getParent();
      for (Source source : policy.getSpec().getSources()) {
        if (source != null && source.getPath() != null && !source.getPath().isBlank()) {
          source.setPath(resolve(folder, source.getPath()));
        }
      }
    }
    return copy;
  }

  private static String resolve(Path folder, String path) {
    try {
      Path declared = Path.of(path);
      return declared.isAbsolute() ? path : folder.resolve(declared).normalize().toString();
    } catch (InvalidPathException e) {
      return path; // the validator reports it with the field's line
    }
  }
}
