package dev.bulwark.compose.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.backup.BackupPolicyStatus;
import dev.bulwark.api.common.ConditionReason;
import dev.bulwark.api.common.ConditionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileStoreTest {
  @TempDir Path state;

  @Test
  void writesTheEnvelopeAndReadsItBack() throws IOException {
    StatusFileStore store = new StatusFileStore(new StateLayout(state));
    BackupPolicyStatus status = new BackupPolicyStatus();
    status.setObservedGeneration(2L);
    status.setNextFull("2026-03-02T02:00:00Z");
    status
        .conditions()
        .set(
            ConditionType.READY,
            true,
            ConditionReason.SCHEDULED,
            "ok",
            2L,
            Instant.parse("2026-03-01T10:00:00Z"));

    store.write(file("demo", status, store, false));

    Path written = state.resolve("status/backuppolicy/demo.json");
    String json = Files.readString(written);
    assertThat(json)
        .startsWith("{\n  \"format_version\" : 1,\n  \"apiVersion\" : \"bulwark.dev/v1alpha1\"");
    assertThat(json).doesNotContain("null").endsWith("}\n");
    StatusFile read = store.read("BackupPolicy", "demo").orElseThrow();
    assertThat(read.metadata()).isEqualTo(new StatusFile.Metadata("demo", 2));
    assertThat(read.source()).isEqualTo(new StatusFile.Source("demo.yaml", 3, "sha256:abc"));
    BackupPolicyStatus back = store.statusOf(read, BackupPolicyStatus.class);
    assertThat(back.getNextFull()).isEqualTo("2026-03-02T02:00:00Z");
    assertThat(back.conditions().isTrue(ConditionType.READY)).isTrue();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(written)))
        .as("readable by CI")
        .isEqualTo("rw-r--r--");
    try (Stream<Path> files = Files.list(written.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("demo.json");
    }
  }

  @Test
  void readAllSkipsFilesItCannotTrustAndCleanupRemovesTemporaries() throws IOException {
    StatusFileStore store = new StatusFileStore(new StateLayout(state));
    store.write(file("b", new BackupPolicyStatus(), store, false));
    store.write(file("a", new BackupPolicyStatus(), store, true));
    Path dir = state.resolve("status/backuppolicy");
    Files.writeString(dir.resolve("torn.json"), "{\"formatVersion\": 1, \"kind\": ");
    Files.writeString(
        dir.resolve("future.json"),
        "{\"formatVersion\": 2, \"kind\": \"BackupPolicy\", \"metadata\": {\"name\": \"future\"}}");
    Files.writeString(dir.resolve(".c.json12345.tmp"), "half");

    List<StatusFile> all = store.readAll();
    store.removeTemporaryFiles();

    assertThat(all).extracting(StatusFile::name).containsExactly("a", "b");
    assertThat(all.get(0).deleted()).isTrue();
    assertThat(dir.resolve(".c.json12345.tmp")).doesNotExist();
    assertThatThrownBy(() -> store.read("BackupPolicy", "future"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format_version 2");
    assertThat(store.read("BackupPolicy", "absent")).isEmpty();
  }

  @Test
  void theLayoutKeepsNamesInsideTheStateDirectory() {
    StateLayout layout = new StateLayout(state);

    assertThat(layout.statusFile("RestoreDrill", "weekly.l1"))
        .isEqualTo(state.resolve("status/restoredrill/weekly.l1.json"));
    assertThat(layout.gateFile()).isEqualTo(state.resolve("gate.json"));
    assertThat(layout.latestFile("s3")).isEqualTo(state.resolve("state/latest_s3.json"));
    assertThat(layout.restoreAuditLog()).isEqualTo(state.resolve("audit/restore_audit.jsonl"));
    for (String bad : List.of("../escape", "a/b", "Upper", "", ".hidden")) {
      assertThatThrownBy(() -> layout.statusFile("BackupPolicy", bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> layout.statusFile("../x", "ok"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStatusDecidedAgainUnchangedLeavesTheFileAndItsTimeAlone() throws IOException {
    StatusFileStore store = new StatusFileStore(new StateLayout(state));
    Path written = state.resolve("status/backuppolicy/demo.json");
    assertThat(store.write(file("demo", ready("ok"), store, "2026-03-01T10:00:00Z"))).isTrue();
    Object inode = Files.readAttributes(written, BasicFileAttributes.class).fileKey();

    boolean again = store.write(file("demo", ready("ok"), store, "2026-03-01T10:00:30Z"));

    assertThat(again).isFalse();
    assertThat(store.writeCount()).isEqualTo(1);
    assertThat(Files.readAttributes(written, BasicFileAttributes.class).fileKey())
        .as("not replaced")
        .isEqualTo(inode);
    assertThat(Files.readString(written)).contains("\"updated_at\" : \"2026-03-01T10:00:00Z\"");

    assertThat(store.write(file("demo", ready("changed"), store, "2026-03-01T10:01:00Z"))).isTrue();
    assertThat(Files.readString(written))
        .contains("changed")
        .contains("\"updated_at\" : \"2026-03-01T10:01:00Z\"");
  }

  @Test
  void aStatusFileDeletedOrEditedBySomeoneElseIsWrittenAgain() throws IOException {
    StatusFileStore store = new StatusFileStore(new StateLayout(state));
    Path written = state.resolve("status/backuppolicy/demo.json");
    store.write(file("demo", ready("ok"), store, "2026-03-01T10:00:00Z"));
    String original = Files.readString(written);

    Files.delete(written);
    assertThat(store.write(file("demo", ready("ok"), store, "2026-03-01T10:00:00Z"))).isTrue();
    assertThat(Files.readString(written)).isEqualTo(original);

    Files.writeString(written, original.replace("\"ok\"", "\"hand-edited\""));
    assertThat(store.write(file("demo", ready("ok"), store, "2026-03-01T10:00:00Z"))).isTrue();
    assertThat(Files.readString(written)).isEqualTo(original);
  }

  @Test
  void aRestartedStoreThatReadTheFilesWritesOnlyWhatChanged() throws IOException {
    StatusFileStore before = new StatusFileStore(new StateLayout(state));
    before.write(file("same", ready("ok"), before, "2026-03-01T10:00:00Z"));
    before.write(file("moved", ready("ok"), before, "2026-03-01T10:00:00Z"));

    StatusFileStore after = new StatusFileStore(new StateLayout(state));
    assertThat(after.readAll()).hasSize(2);

    assertThat(after.write(file("same", ready("ok"), after, "2026-03-01T11:00:00Z"))).isFalse();
    assertThat(after.write(file("moved", ready("new"), after, "2026-03-01T11:00:00Z"))).isTrue();
  }

  private static BackupPolicyStatus ready(String message) {
    BackupPolicyStatus status = new BackupPolicyStatus();
    status.setObservedGeneration(2L);
    status
        .conditions()
        .set(
            ConditionType.READY,
            true,
            ConditionReason.SCHEDULED,
            message,
            2L,
            Instant.parse("2026-03-01T09:00:00Z"));
    return status;
  }

  private static StatusFile file(
      String name, BackupPolicyStatus status, StatusFileStore store, String updatedAt) {
    return new StatusFile(
        StatusFile.FORMAT_VERSION,
        "bulwark.dev/v1alpha1",
        "BackupPolicy",
        new StatusFile.Metadata(name, 2),
        new StatusFile.Source(name + ".yaml", 3, "sha256:abc"),
        false,
        updatedAt,
        List.of(),
        store.toTree(status));
  }

  private static StatusFile file(
      String name, BackupPolicyStatus status, StatusFileStore store, boolean deleted) {
    return new StatusFile(
        StatusFile.FORMAT_VERSION,
        "bulwark.dev/v1alpha1",
        "BackupPolicy",
        new StatusFile.Metadata(name, 2),
        new StatusFile.Source(name + ".yaml", 3, "sha256:abc"),
        deleted,
        "2026-03-01T10:00:00Z",
        List.of(),
        store.toTree(status));
  }
}
