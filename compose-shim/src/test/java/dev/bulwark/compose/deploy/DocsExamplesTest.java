package dev.bulwark.compose.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.compose.status.StatusFile;
import dev.bulwark.core.Environment;
import dev.bulwark.core.alerts.WebhookPayload;
import dev.bulwark.core.audit.AuditEvent;
import dev.bulwark.core.drills.RestoreAuditRecord;
import dev.bulwark.core.gate.GateDecision;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.handoff.BackupHandoff;
import dev.bulwark.core.handoff.DrillHandoff;
import dev.bulwark.core.jobs.HistoryFacts;
import dev.bulwark.core.replay.PlanRecord;
import dev.bulwark.core.validation.ResourceLookup;
import dev.bulwark.core.validation.ResourceValidator;
import dev.bulwark.core.validation.SpecProblem;
import dev.bulwark.engine.format.Json;
import dev.bulwark.engine.format.Manifest;
import dev.bulwark.engine.format.PruneJournal;
import dev.bulwark.engine.lock.LockInfo;
import dev.bulwark.engine.repository.Repository;
import dev.bulwark.manifests.ManifestDocument;
import dev.bulwark.manifests.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples in the docs are what the code reads and writes: every fenced YAML example binds to
 * the resource model (and, when it is a whole resource, passes validation but for references to
 * resources the example does not show), and every JSON example parses as the format it documents,
 * with no field the format does not have (a misspelt or renamed field fails here).
 */
class DocsExamplesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern FENCE =
      Pattern.compile("(?m)^( *)```(yaml|json)\\n(.*?)^ *```", Pattern.DOTALL);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  @TempDir Path tmp;

  /** One fenced example: where it is and what it says (indentation of a list item removed). */
  record Example(Path file, int line, String language, String text) {
    @Override
    public String toString() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  static List<Example> examples() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    files.add(ROOT.resolve("README.md"));
    List<Example> examples = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher m = FENCE.matcher(text);
      while (m.find()) {
        int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        String indent = m.group(1);
        String body =
            m.group(3)
                .lines()
                .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                .reduce("", (a, b) -> a + b + "\n");
        examples.add(new Example(file, line, m.group(2), body));
      }
    }
    return examples;
  }

  @Test
  void theDocsHaveExamplesOfBothKinds() throws IOException {
    List<Example> all = examples();
    assertThat(all.stream().filter(e -> e.language().equals("yaml")))
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(all.stream().filter(e -> e.language().equals("json")))
        .hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void everyYamlExampleBindsToTheModelAndAWholeResourceValidates() throws IOException {
    ResourceValidator validator =
        new ResourceValidator(Environment.of(Map.of("BACKUP_TARGET_DEFAULT", "local")));
    for (Example example : examples()) {
      if (!example.language().equals("yaml")) {
        continue;
      }
      boolean whole = example.text().contains("kind:");
      String document =
          whole
              ? example.text()
              : "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: doc-example}\n"
                  + example.text();
      Path file = tmp.resolve("example-" + example.line() + ".yaml");
      Files.writeString(file, document);
      List<ManifestDocument> read = new ManifestReader().read(file);
      assertThat(read).as("%s", example).isNotEmpty();
      for (ManifestDocument doc : read) {
        assertThat(doc.problems()).as("%s binds to the model", example).isEmpty();
        if (whole) {
          List<SpecProblem> errors =
              validator.validate(doc.resource().orElseThrow(), ResourceLookup.empty()).stream()
                  .filter(SpecProblem::isError)
                  .filter(
                      p ->
                          !p.field()
                              .endsWith(
                                  "policyRef")) // the example shows one resource, not the policy it
                  // names
                  .toList();
          assertThat(errors).as("%s validates", example).isEmpty();
        }
      }
    }
  }

  @Test
  void everyJsonExampleParsesAsTheFormatItDocumentsWithNoUnknownField() throws Exception {
    int classified = 0;
    for (Example example : examples()) {
      if (!example.language().equals("json")) {
        continue;
      }
      String text = example.text().strip();
      if (text.startsWith("\"")) {
        text = "{" + text + "}"; // a member of a larger object, e.g. a manifest's "streams"
      }
      List<JsonNode> values = new ArrayList<>();
      try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(text)) {
        it.forEachRemaining(values::add);
      }
      assertThat(values).as("%s is JSON", example).isNotEmpty();
      for (JsonNode value : values) {
        classified += check(example, value) ? 1 : 0;
      }
    }
    assertThat(classified)
        .as("JSON examples checked against their format")
        .isGreaterThanOrEqualTo(10);
  }

  /** Checks one JSON value against the format it looks like; false when it looks like none. */
  private boolean check(Example example, JsonNode value) throws Exception {
    String text = JSON.writeValueAsString(value);
    if (value.has("format_version") && value.has("job_id") && value.has("files")) {
      Manifest manifest =
          Repository.parseManifest(text.getBytes(StandardCharsets.UTF_8), example.toString());
      assertKnown(example, value, JSON.readTree(Json.write(manifest)));
    } else if (value.has("format_version") && value.has("pid")) {
      assertKnown(
          example,
          value,
          JSON.readTree(Json.write(Json.mapper().treeToValue(value, LockInfo.class))));
    } else if (value.has("format_version") && value.has("prune_id")) {
      assertKnown(
          example,
          value,
          JSON.readTree(Json.write(Json.mapper().treeToValue(value, PruneJournal.class))));
    } else if (value.has("streams") && value.size() == 1) {
      List<Manifest.StreamRecord> streams =
          Json.mapper()
              .convertValue(
                  value.get("streams"), new TypeReference<List<Manifest.StreamRecord>>() {});
      assertKnown(example, value, JSON.readTree(Json.write(Map.of("streams", streams))));
    } else if (value.has("format_version") && value.has("open")) {
      Path file = tmp.resolve("gate-" + example.line() + ".json");
      Files.writeString(file, text);
      GateDecision decision = new GateFile(file).read().orElseThrow();
      assertKnown(example, value, JSON.readTree(GateFile.toJson(decision)));
    } else if (value.has("format_version") && value.has("record")) {
      // A run hand-off (BULWARK_RUN): its reader is strict, so reading it proves every field.
      String kind = value.path("kind").asText();
      String written =
          BackupHandoff.KIND.equals(kind)
              ? BackupHandoff.fromJson(text, example.toString()).toJson()
              : DrillHandoff.fromJson(text, example.toString()).toJson();
      assertKnown(example, value, JSON.readTree(written));
    } else if (value.has("format_version") && value.has("kind")) {
      StatusFile status = JSON.treeToValue(value, StatusFile.class);
      assertKnown(example, value, JSON.valueToTree(status));
      if ("BackupPolicy".equals(status.kind())) {
        BackupPolicyStatus policy = JSON.treeToValue(value.get("status"), BackupPolicyStatus.class);
        assertKnown(example, value.get("status"), JSON.valueToTree(policy));
      }
    } else if (value.has("event") && value.has("drill") && value.has("run_id")) {
      assertKnown(
          example, value, JSON.valueToTree(JSON.treeToValue(value, RestoreAuditRecord.class)));
    } else if (value.has("event")) {
      assertKnown(example, value, JSON.valueToTree(JSON.treeToValue(value, AuditEvent.class)));
    } else if (WebhookPayload.SOURCE.equals(value.path("source").asText())) {
      assertKnown(example, value, JSON.valueToTree(JSON.treeToValue(value, WebhookPayload.class)));
      assertThat(value.get("reason").asText())
          .as("%s: a reason Bulwark sets", example)
          .isIn(
              java.util.Arrays.stream(dev.bulwark.api.common.ConditionReason.values())
                  .map(dev.bulwark.api.common.ConditionReason::wireName)
                  .toList());
    } else if (value.has("plan") && value.has("partition_key")) {
      assertKnown(example, value, JSON.valueToTree(JSON.treeToValue(value, PlanRecord.class)));
    } else if (value.has("through") && value.has("incrementals_by_minute")) {
      assertKnown(example, value, JSON.valueToTree(JSON.treeToValue(value, HistoryFacts.class)));
    } else {
      return false;
    }
    return true;
  }

  /** Every field the example names is one the format writes back: none is misspelt or unknown. */
  private static void assertKnown(Example example, JsonNode documented, JsonNode roundTrip) {
    TreeSet<String> unknown = new TreeSet<>(paths(documented, ""));
    unknown.removeAll(paths(roundTrip, ""));
    assertThat(unknown).as("%s: fields the format does not have", example).isEmpty();
  }

  private static List<String> paths(JsonNode node, String prefix) {
    List<String> paths = new ArrayList<>();
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String path = prefix + "/" + field.getKey();
        paths.add(path);
        if (!isMap(prefix, field.getKey())) {
          paths.addAll(paths(field.getValue(), path));
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        paths.addAll(paths(element, prefix + "[]"));
      }
    }
    return paths;
  }

  /** Free-form maps whose keys are data, not field names. */
  private static boolean isMap(String prefix, String key) {
    return List.of(
            "schema_versions", "tool_versions", "details", "incrementals_by_minute", "evidence")
        .contains(key);
  }
}
