package dev.bulwark.manifests.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryValidatorTest {
  private final DirectoryValidator validator = new DirectoryValidator(Environment.of(Map.of()));
  @TempDir Path dir;

  @Test
  void filesNoResourceCanBeReadFromAreErrorsNamingTheFile() throws IOException {
    Files.write(
        dir.resolve("binary.yaml"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00});
    String policy =
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: x}
        spec: {target: local, sources: [{path: /, domain: raw}]}
        """;
    write("wrong-kind.yaml", policy.replace("kind: BackupPolicy", "kind: BackupPolice"));
    write("no-name.yaml", policy.replace("metadata: {name: x}", "metadata: {}"));
    write("bad-name.yaml", policy.replace("name: x", "name: Bad_Name"));

    ValidationReport report = validator.validate(List.of(dir));

    assertThat(report.valid()).isFalse();
    assertThat(report.lines()).hasSize(4);
    assertThat(report.lines().get(0))
        .startsWith(dir.resolve("bad-name.yaml") + ":3: ")
        .contains("metadata.name");
    assertThat(report.lines().get(1))
        .startsWith(dir.resolve("binary.yaml") + ":1: ")
        .contains("cannot be read");
    assertThat(report.lines().get(2))
        .startsWith(dir.resolve("no-name.yaml") + ":3: ")
        .contains("metadata.name: missing");
    assertThat(report.lines().get(3))
        .startsWith(dir.resolve("wrong-kind.yaml") + ":2: ")
        .contains("unknown kind");
  }

  @Test
  void printsOneLinePerFindingAsFileLineKindNameFieldWhy() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    write(
        "a.yaml",
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata:
          name: demo
        spec:
          target: local
          sources:
            - {path: data, domain: raw}
            - {path: missing, domain: serving}
          schedule: {incremental: "every minute"}
          retention: {hotDays: 200, coldDays: 180}
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: drill}
        spec: {policyRef: demo, level: L1}
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: RestoreDrill
        metadata: {name: orphan}
        spec: {policyRef: nowhere, level: L1}
        """);
    write(
        "b.yaml",
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata:
          name: demo
        spec:
          target: ftp
          sources: [{path: /, domain: raw}]
        ---
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicie
        metadata: {name: typo}
        """);
    write(
        "c.yaml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata:\n  name: [broken\n");
    write("compose.yaml", "services:\n  web: {image: nginx}\n");

    ValidationReport report = validator.validate(List.of(dir));

    String a = dir.resolve("a.yaml").toString();
    String b = dir.resolve("b.yaml").toString();
    String c = dir.resolve("c.yaml").toString();
    assertThat(report.lines())
        .extracting(l -> l.substring(0, l.indexOf(": ")))
        .as("file order, then line order")
        .containsExactly(
            a + ":9", a + ":10", a + ":11", a + ":16", a + ":21", b + ":4", b + ":6", b + ":10",
            c + ":5");
    assertThat(report.lines())
        .contains(
            b
                + ":4: BackupPolicy/demo: metadata.name: duplicate: BackupPolicy/demo is already defined at "
                + a
                + ":1 (names are global in compose mode)",
            b
                + ":6: BackupPolicy/demo: spec.target: unknown value \"ftp\"; allowed values: local, s3, oss",
            b
                + ":10: document 2: kind: unknown kind \"BackupPolicie\"; did you mean BackupPolicy?"
                + " (bulwark.dev kinds: BackupPolicy, RestoreDrill, MigrationPlan, ReplayPlan)");
    assertThat(report.lines())
        .filteredOn(l -> l.startsWith(a + ":9: warning: BackupPolicy/demo: spec.sources[1].path: "))
        .hasSize(1);
    assertThat(report.lines())
        .filteredOn(l -> l.startsWith(a + ":10: BackupPolicy/demo: spec.schedule.incremental: "))
        .hasSize(1);
    assertThat(report.lines())
        .filteredOn(l -> l.startsWith(a + ":11: BackupPolicy/demo: spec.retention."))
        .hasSize(1);
    assertThat(report.lines())
        .filteredOn(l -> l.startsWith(a + ":21: RestoreDrill/orphan: spec.policyRef: "))
        .hasSize(1);
    assertThat(report.lines())
        .filteredOn(l -> l.startsWith(a + ":16: warning: RestoreDrill/drill: spec.policyRef: "))
        .hasSize(1);
    assertThat(report.lines())
        .filteredOn(
            l -> l.startsWith(c + ":5: BackupPolicy/<no name>: yaml: syntax error at column "))
        .hasSize(1);
    assertThat(report.errors()).isEqualTo(7);
    assertThat(report.warnings()).isEqualTo(2);
    assertThat(report.resources()).isEqualTo(6);
    assertThat(report.valid()).isFalse();
  }

  @Test
  void theRepositoryExamplesAndPoliciesAreValid() {
    Path repository = Path.of("../..").toAbsolutePath().normalize();

    ValidationReport report =
        validator.validate(List.of(repository.resolve("examples"), repository.resolve("policies")));

    assertThat(report.errors()).as(String.join("\n", report.lines())).isZero();
    assertThat(report.resources()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void pathsBelowTheWorkingDirectoryArePrintedAsGiven() throws IOException {
    Path relativeRoot = Path.of("target", "validator-test-" + ProcessHandle.current().pid());
    Files.createDirectories(relativeRoot);
    Files.writeString(
        relativeRoot.resolve("p.yaml"),
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: p}\nspec:\n  tagret: s3\n");

    ValidationReport viaRelative = validator.validate(List.of(relativeRoot));
    ValidationReport viaAbsolute = validator.validate(List.of(relativeRoot.toAbsolutePath()));

    String expected =
        relativeRoot.resolve("p.yaml")
            + ":5: BackupPolicy/p: spec.tagret: unknown field \"tagret\"";
    assertThat(viaRelative.lines()).singleElement().asString().startsWith(expected);
    assertThat(viaAbsolute.lines()).isEqualTo(viaRelative.lines());
  }

  @Test
  void aMissingRootIsAUsageError() {
    assertThatThrownBy(() -> validator.validate(List.of(dir.resolve("nope"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such file or directory: " + dir.resolve("nope"));
  }

  @Test
  void aValidTreeHasNoLines() throws IOException {
    write(
        "ok.yml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\nmetadata: {name: ok}\n"
            + "spec: {target: s3, targets: {s3: {bucket: exam-backups}}, sources: [{path: /, domain: raw}]}\n");

    ValidationReport report = validator.validate(List.of(dir.resolve("ok.yml")));

    assertThat(report.lines()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.resources()).isEqualTo(1);
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }
}
