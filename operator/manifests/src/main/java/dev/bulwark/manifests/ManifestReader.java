package dev.bulwark.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.api.BulwarkApi;
import dev.bulwark.api.common.Resource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads manifest files of one or more YAML documents into {@link ManifestDocument}s, keeping the
 * line of every document and field. SnakeYAML composes the node tree (lines and columns); Jackson
 * binds it to the resource class of its {@code kind}, strictly: unknown fields, wrong types and
 * unknown enum values are errors, all collected, each at the line of its field.
 *
 * <p>Documents whose {@code apiVersion} is not in the {@code bulwark.dev} group (a Kubernetes
 * Deployment, a compose file) are {@link ManifestDocument.Outcome#SKIPPED skipped}, so example
 * folders may hold other YAML. A {@code bulwark.dev} document with an unknown kind or version is an
 * error. A YAML syntax error ends the file: the documents before it are returned as read, the
 * broken one as {@link ManifestDocument.Outcome#UNREADABLE} with the parser's line and column (and
 * its kind and name when they appear before the error); nothing after it can be trusted.
 *
 * <p>Thread-safe; one instance can serve a whole process.
 */
public final class ManifestReader {
  /** Kubernetes object names (DNS subdomain): also safe as status file names. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final int MAX_NAME_LENGTH = 253;
  private static final String GROUP_PREFIX = BulwarkApi.GROUP + "/";

  private final ResourceBinder binder = new ResourceBinder();
  private final ObjectMapper canonical =
      JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

  /** A reader; cheap to keep, thread-safe to share. */
  public ManifestReader() {}

  /**
   * Reads every manifest under the roots: files as named, directories recursively ({@code *.yaml}
   * and {@code *.yml}, hidden files and directories skipped), each root's files in sorted order.
   *
   * @throws IllegalArgumentException when a root does not exist
   */
  public List<ManifestDocument> readAll(List<Path> roots) {
    for (Path root : roots) {
      if (!Files.exists(root)) {
        throw new IllegalArgumentException("no such file or directory: " + root);
      }
    }
    Set<Path> files = new LinkedHashSet<>();
    List<ManifestDocument> documents = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        files.addAll(ManifestFiles.under(root, documents));
      } else {
        files.add(root);
      }
    }
    for (Path file : files) {
      documents.addAll(read(file));
    }
    return documents;
  }

  /** Reads all documents of one file; an unreadable file yields one unreadable document. */
  public List<ManifestDocument> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return List.of(unreadable(file, 1, 1, null, null, 1, "cannot read the file: " + reason(e)));
    }
    LoaderOptions options = loaderOptions();
    Composer composer =
        new Composer(
            new ParserImpl(new StreamReader(text(bytes)), options), new Resolver(), options);
    List<ManifestDocument> documents = new ArrayList<>();
    int composed = 0;
    try {
      while (composer.checkNode()) {
        Node root = composer.getNode();
        composed++;
        if (!isEmpty(root)) {
          documents.add(document(file, composed, root));
        }
      }
    } catch (YAMLException e) {
      documents.add(syntaxError(file, composed + 1, bytes, e));
    }
    return documents;
  }

  private ManifestDocument document(Path file, int index, Node root) {
    int line = root.getStartMark().getLine() + 1;
    FieldLocator locator = FieldLocator.of(root, line);
    if (!(root instanceof MappingNode)) {
      return skipped(file, index, line, locator);
    }
    List<ManifestProblem> problems = new ArrayList<>();
    ObjectNode tree = (ObjectNode) YamlToJson.convert(root, problems);
    Optional<String> apiVersion = text(tree.get("apiVersion"));
    Optional<String> kind = text(tree.get("kind"));
    Optional<ResourceKind> resourceKind = kind.flatMap(ResourceKind::of);
    boolean bulwarkGroup = apiVersion.map(v -> v.startsWith(GROUP_PREFIX)).orElse(false);
    if (!bulwarkGroup && !(apiVersion.isEmpty() && resourceKind.isPresent())) {
      return skipped(file, index, line, locator);
    }
    if (apiVersion.isEmpty()) {
      problems.add(
          error(locator, "apiVersion", "missing; write apiVersion: " + BulwarkApi.API_VERSION));
    } else if (!apiVersion.get().equals(BulwarkApi.API_VERSION)) {
      problems.add(
          error(
              locator,
              "apiVersion",
              "unsupported version \""
                  + apiVersion.get()
                  + "\"; this Bulwark reads "
                  + BulwarkApi.API_VERSION));
    }
    if (kind.isEmpty()) {
      problems.add(error(locator, "kind", "missing; one of " + ResourceKind.allKinds()));
    } else if (resourceKind.isEmpty()) {
      problems.add(error(locator, "kind", unknownKind(kind.get())));
    }
    Optional<String> name = text(tree.at("/metadata/name"));
    checkMetadata(tree, name, locator, problems);
    if (tree.has("status")) {
      problems.add(
          ManifestProblem.warning(
              "status",
              locator.line("status"),
              "ignored: Bulwark writes status, manifests declare spec"));
      tree.remove("status");
    }
    Optional<Resource<?, ?>> bound =
        resourceKind.flatMap(k -> binder.bind(tree, k, locator, problems));
    boolean valid = problems.stream().noneMatch(ManifestProblem::isError);
    return new ManifestDocument(
        file,
        index,
        line,
        valid ? ManifestDocument.Outcome.RESOURCE : ManifestDocument.Outcome.INVALID,
        kind,
        name.filter(ManifestReader::isValidName),
        valid ? bound : Optional.empty(),
        problems,
        locator,
        digest(tree.get("spec")),
        digest(tree));
  }

  private void checkMetadata(
      ObjectNode tree,
      Optional<String> name,
      FieldLocator locator,
      List<ManifestProblem> problems) {
    JsonNode metadata = tree.get("metadata");
    if (metadata == null || metadata.isNull()) {
      problems.add(error(locator, "metadata.name", "missing: every resource needs metadata.name"));
      return;
    }
    if (!metadata.isObject()) {
      problems.add(error(locator, "metadata", "expected a mapping with at least a name"));
      return;
    }
    binder.checkMetadataFields(metadata, locator, problems);
    JsonNode nameNode = metadata.get("name");
    if (nameNode == null || nameNode.isNull()) {
      problems.add(error(locator, "metadata.name", "missing: every resource needs a name"));
    } else if (!nameNode.isTextual()) {
      problems.add(error(locator, "metadata.name", "expected text"));
    } else if (!isValidName(name.orElse(""))) {
      problems.add(
          error(
              locator,
              "metadata.name",
              "\""
                  + name.orElse("")
                  + "\" is not a valid name: use lowercase letters, digits, '-'"
                  + " and '.', starting and ending with a letter or digit (at most 253 characters)"));
    }
  }

  private ManifestDocument syntaxError(Path file, int index, byte[] bytes, YAMLException e) {
    PartialDocument partial = PartialDocument.scan(text(bytes), index, loaderOptions());
    int documentLine = Math.max(partial.line(), 1);
    if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      int line = marked.getProblemMark().getLine() + 1;
      int column = marked.getProblemMark().getColumn() + 1;
      String problem = Optional.ofNullable(marked.getProblem()).orElse("invalid YAML");
      String context =
          marked.getContext() == null || marked.getContextMark() == null
              ? ""
              : " ("
                  + marked.getContext()
                  + " started at line "
                  + (marked.getContextMark().getLine() + 1)
                  + ")";
      return unreadable(
          file,
          index,
          Math.min(documentLine, line),
          partial.kind(),
          partial.name(),
          line,
          "syntax error at column " + column + ": " + problem + context);
    }
    return unreadable(
        file,
        index,
        documentLine,
        partial.kind(),
        partial.name(),
        documentLine,
        "cannot be read: " + e.getMessage());
  }

  private static ManifestDocument unreadable(
      Path file,
      int index,
      int documentLine,
      String kind,
      String name,
      int problemLine,
      String message) {
    return new ManifestDocument(
        file,
        index,
        documentLine,
        ManifestDocument.Outcome.UNREADABLE,
        Optional.ofNullable(kind).filter(k -> ResourceKind.of(k).isPresent()),
        Optional.ofNullable(name).filter(ManifestReader::isValidName),
        Optional.empty(),
        List.of(ManifestProblem.error("yaml", problemLine, message)),
        FieldLocator.fixed(problemLine),
        "",
        "");
  }

  private static ManifestDocument skipped(Path file, int index, int line, FieldLocator locator) {
    return new ManifestDocument(
        file,
        index,
        line,
        ManifestDocument.Outcome.SKIPPED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        locator,
        "",
        "");
  }

  private static String unknownKind(String kind) {
    String suggestion =
        Arrays.stream(ResourceKind.values())
            .map(ResourceKind::kind)
            .filter(k -> Suggestions.isCloseTo(kind, k))
            .findFirst()
            .map(k -> "; did you mean " + k + "?")
            .orElse("");
    return "unknown kind \""
        + kind
        + "\""
        + suggestion
        + " (bulwark.dev kinds: "
        + ResourceKind.allKinds()
        + ")";
  }

  private static boolean isValidName(String name) {
    return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
  }

  private static boolean isEmpty(Node root) {
    return root == null || (root instanceof ScalarNode scalar && scalar.getValue().isEmpty());
  }

  private static Optional<String> text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  static ManifestProblem error(FieldLocator locator, String field, String message) {
    return ManifestProblem.error(field, locator.line(field), message);
  }

  private String digest(JsonNode node) {
    try {
      byte[] bytes = canonical.writeValueAsBytes(node == null ? canonical.nullNode() : node);
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest a document", e);
    }
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMergeOnCompose(true);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  private static Reader text(byte[] bytes) {
    return new UnicodeReader(new ByteArrayInputStream(bytes));
  }

  static String reason(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
