package dev.bulwark.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.api.backup.TargetProvider;
import dev.bulwark.api.drill.RestoreDrill;
import dev.bulwark.manifests.ManifestDocument.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  private final ManifestReader reader = new ManifestReader();
  @TempDir Path dir;

  @Test
  void readsEveryDocumentOfAMultiDocumentFileWithItsLine() throws IOException {
    Path file =
        write(
            "policies.yaml",
            """
            # two resources in one file
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata:
              name: teaching
            spec:
              target: s3
              sources:
                - {path: /data/raw, domain: raw, priority: P0}
            ---
            apiVersion: bulwark.dev/v1alpha1
            kind: RestoreDrill
            metadata: {name: teaching-weekly}
            spec:
              policyRef: teaching
              level: L1
            """);

    List<ManifestDocument> documents = reader.read(file);

    assertThat(documents).hasSize(2);
    ManifestDocument policy = documents.get(0);
    assertThat(policy.outcome()).isEqualTo(Outcome.RESOURCE);
    assertThat(policy.line()).isEqualTo(2);
    assertThat(policy.label()).isEqualTo("BackupPolicy/teaching");
    assertThat(policy.resource()).get().isInstanceOf(BackupPolicy.class);
    BackupPolicy bound = (BackupPolicy) policy.resource().orElseThrow();
    assertThat(bound.getSpec().getTarget()).isEqualTo(TargetProvider.S3);
    assertThat(bound.getRef().name()).isEqualTo("teaching");
    assertThat(policy.locator().line("spec.sources[0].path")).isEqualTo(9);
    assertThat(policy.locator().line("spec.target")).isEqualTo(7);
    assertThat(policy.locator().line("spec.schedule.full"))
        .as("missing: nearest parent")
        .isEqualTo(6);

    ManifestDocument drill = documents.get(1);
    assertThat(drill.index()).isEqualTo(2);
    assertThat(drill.line()).isEqualTo(11);
    assertThat(drill.resource()).get().isInstanceOf(RestoreDrill.class);
    assertThat(drill.locator().line("metadata.name")).isEqualTo(13);
  }

  @Test
  void bindingErrorsAreAllReportedAtTheLineOfTheirField() throws IOException {
    Path file =
        write(
            "bad.yaml",
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata:
              name: bad
            spec:
              target: ftp
              tagret: s3
              sources:
                - path: /data
                  domain: raw
                  priority: P7
              retention:
                hotDays: "30"
                coldDays: many
              suspend: [true]
            """);

    ManifestDocument document = reader.read(file).get(0);

    assertThat(document.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(document.resource()).isEmpty();
    assertThat(document.problems())
        .extracting(ManifestProblem::field, ManifestProblem::line)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("spec.target", 6),
            org.assertj.core.groups.Tuple.tuple("spec.tagret", 7),
            org.assertj.core.groups.Tuple.tuple("spec.sources[0].priority", 11),
            org.assertj.core.groups.Tuple.tuple("spec.retention.hotDays", 13),
            org.assertj.core.groups.Tuple.tuple("spec.retention.coldDays", 14),
            org.assertj.core.groups.Tuple.tuple("spec.suspend", 15));
    assertThat(message(document, "spec.target"))
        .isEqualTo("unknown value \"ftp\"; allowed values: local, s3, oss");
    assertThat(message(document, "spec.tagret"))
        .startsWith("unknown field \"tagret\"; did you mean \"target\"?");
    assertThat(message(document, "spec.sources[0].priority")).contains("P0, P1, P2");
    assertThat(message(document, "spec.retention.hotDays"))
        .isEqualTo("expected a whole number, found text (write it without quotes)");
  }

  @Test
  void otherYamlIsSkippedButBulwarkMistakesAreErrors() throws IOException {
    Path file =
        write(
            "mixed.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            ---
            services:
              web: {image: nginx}
            ---
            - a list
            ---
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicie
            metadata: {name: typo}
            ---
            apiVersion: bulwark.dev/v1
            kind: BackupPolicy
            metadata: {name: Not_Valid}
            spec: {}
            ---
            kind: RestoreDrill
            metadata: {name: no-version}
            spec: {policyRef: x, level: L1}
            """);

    List<ManifestDocument> documents = reader.read(file);

    assertThat(documents)
        .extracting(ManifestDocument::outcome)
        .containsExactly(
            Outcome.SKIPPED,
            Outcome.SKIPPED,
            Outcome.SKIPPED,
            Outcome.INVALID,
            Outcome.INVALID,
            Outcome.INVALID);
    assertThat(documents.get(3).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("kind");
              assertThat(p.line()).isEqualTo(11);
              assertThat(p.message()).contains("did you mean BackupPolicy?");
            });
    assertThat(documents.get(4).problems())
        .extracting(ManifestProblem::field)
        .containsExactly("apiVersion", "metadata.name");
    assertThat(documents.get(4).name()).isEmpty();
    assertThat(documents.get(5).problems())
        .extracting(ManifestProblem::field, ManifestProblem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("apiVersion", 19));
  }

  @Test
  void aSyntaxErrorKeepsTheDocumentsBeforeItAndNamesTheBrokenOne() throws IOException {
    Path file =
        write(
            "broken.yaml",
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: fine}
            spec: {sources: [{path: /a, domain: a}]}
            ---
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata:
              name: broken
            spec:
              sources:
                - path: /b
                 domain: b
            """);

    List<ManifestDocument> documents = reader.read(file);

    assertThat(documents)
        .extracting(ManifestDocument::outcome)
        .containsExactly(Outcome.RESOURCE, Outcome.UNREADABLE);
    ManifestDocument broken = documents.get(1);
    assertThat(broken.label()).isEqualTo("BackupPolicy/broken");
    assertThat(broken.line()).isEqualTo(6);
    assertThat(broken.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("yaml");
              assertThat(p.line()).isEqualTo(13);
              assertThat(p.message()).startsWith("syntax error at column ");
            });
  }

  @Test
  void duplicateKeysAndUnknownMetadataAreErrorsAndStatusIsIgnored() throws IOException {
    Path file =
        write(
            "dup.yaml",
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: dup, nmae: x}
            spec:
              sources: [{path: /a, domain: a}]
              sources: [{path: /b, domain: b}]
            status: {observedGeneration: 3}
            """);

    ManifestDocument document = reader.read(file).get(0);

    assertThat(document.problems())
        .extracting(ManifestProblem::field, ManifestProblem::line, ManifestProblem::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("spec.sources", 6, ManifestProblem.Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("metadata.nmae", 3, ManifestProblem.Severity.ERROR),
            org.assertj.core.groups.Tuple.tuple("status", 7, ManifestProblem.Severity.WARNING));
  }

  @Test
  void plainScalarsFollowYaml12SoNoStaysText() throws IOException {
    Path file =
        write(
            "env.yaml",
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: env-no}
            spec:
              env: no
              sources: [{path: /a, domain: a}]
            """);

    ManifestDocument document = reader.read(file).get(0);

    assertThat(document.problems()).isEmpty();
    assertThat(((BackupPolicy) document.resource().orElseThrow()).getSpec().getEnv())
        .isEqualTo("no");
  }

  @Test
  void anchorsAndMergeKeysWorkAndRecursiveAliasesAreRefused() throws IOException {
    Path file =
        write(
            "anchors.yaml",
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: anchors}
            spec:
              target: local
              sources:
                - &raw {path: /data/raw, domain: raw, priority: P0}
                - <<: *raw
                  path: /data/more
            ---
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: loop}
            spec:
              sources: &self [*self]
            """);

    List<ManifestDocument> documents = reader.read(file);

    BackupPolicy anchors = (BackupPolicy) documents.get(0).resource().orElseThrow();
    assertThat(anchors.getSpec().getSources()).hasSize(2);
    assertThat(anchors.getSpec().getSources().get(1).getPath()).isEqualTo("/data/more");
    assertThat(anchors.getSpec().getSources().get(1).getDomain()).isEqualTo("raw");
    assertThat(documents.get(1).outcome()).isEqualTo(Outcome.INVALID);
    assertThat(documents.get(1).problems())
        .extracting(ManifestProblem::field, ManifestProblem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spec.sources[0]", "an alias refers to its own parent (recursive YAML)"));
  }

  @Test
  void digestsIgnoreKeyOrderAndComments() throws IOException {
    Path a =
        write(
            "a.yaml",
            "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: a}\nspec: {env: x, target: s3}\n");
    Path b =
        write(
            "b.yaml",
            "# comment\nkind: BackupPolicy\napiVersion: bulwark.dev/v1alpha1\nmetadata: {name: a}\nspec:\n  target: s3\n  env: x\n");
    Path c =
        write(
            "c.yaml",
            "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: a, labels: {x: y}}\nspec: {env: x, target: s3}\n");

    ManifestDocument first = reader.read(a).get(0);
    ManifestDocument second = reader.read(b).get(0);
    ManifestDocument third = reader.read(c).get(0);

    assertThat(second.specDigest()).isEqualTo(first.specDigest()).startsWith("sha256:");
    assertThat(second.contentDigest()).isEqualTo(first.contentDigest());
    assertThat(third.specDigest()).isEqualTo(first.specDigest());
    assertThat(third.contentDigest()).isNotEqualTo(first.contentDigest());
  }

  @Test
  void readAllWalksDirectoriesSortedSkippingHiddenAndNonYaml() throws IOException {
    write(
        "b/two.yml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: RestoreDrill\nmetadata: {name: two}\nspec: {policyRef: one, level: L1}\n");
    write(
        "a/one.yaml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: one}\nspec: {sources: [{path: /a, domain: a}]}\n");
    write(
        ".git/hidden.yaml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: hidden}\n");
    write("a/.one.yaml.swp", "garbage: [");
    write("a/notes.txt", "garbage: [");

    List<ManifestDocument> documents = reader.readAll(List.of(dir));

    assertThat(documents)
        .extracting(ManifestDocument::label)
        .containsExactly("BackupPolicy/one", "RestoreDrill/two");
    assertThatThrownBy(() -> reader.readAll(List.of(dir.resolve("missing"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void readAllFollowsALinkedRootAndSurvivesLinkCycles() throws IOException {
    write(
        "real/one.yaml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: one}\nspec: {sources: [{path: /a, domain: a}]}\n");
    Files.createSymbolicLink(dir.resolve("real/loop"), dir.resolve("real"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), dir.resolve("real"));

    List<ManifestDocument> documents = reader.readAll(List.of(linked));

    assertThat(documents).extracting(ManifestDocument::label).containsExactly("BackupPolicy/one");
    assertThat(documents.get(0).file()).isEqualTo(linked.resolve("one.yaml"));
  }

  @Test
  void relativeSourcePathsResolveAgainstTheManifestFolder() throws IOException {
    Path file =
        write(
            "team/policy.yaml",
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: BackupPolicy
            metadata: {name: rel}
            spec:
              sources:
                - {path: ../data/raw, domain: raw}
                - {path: /abs/path, domain: abs}
            """);
    BackupPolicy read = (BackupPolicy) reader.read(file).get(0).resource().orElseThrow();

    BackupPolicy resolved = SourcePaths.resolve(read, file);

    assertThat(resolved.getSpec().getSources().get(0).getPath())
        .isEqualTo(dir.resolve("data/raw").toAbsolutePath().toString());
    assertThat(resolved.getSpec().getSources().get(1).getPath()).isEqualTo("/abs/path");
    assertThat(read.getSpec().getSources().get(0).getPath())
        .as("original untouched")
        .isEqualTo("../data/raw");
  }

  private static String message(ManifestDocument document, String field) {
    return document.problems().stream()
        .filter(p -> p.field().equals(field))
        .findFirst()
        .orElseThrow()
        .message();
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }
}
