package dev.bulwark.compose;

import static dev.bulwark.compose.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.engine.testing.TestingClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requeues, failures and restarts of the compose runtime, with a recording controller. */
class ComposeRuntimeSchedulingTest {
  @TempDir Path root;
  private Path policies;
  private Path state;
  private ComposeRuntime runtime;

  @BeforeEach
  void directories() throws IOException {
    policies = Files.createDirectories(root.resolve("policies"));
    state = root.resolve("state");
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aRequeueFiresWhenTheClockReachesItsTime() throws IOException {
    write("demo.yaml", policy("demo"));
    TestingClock clock = TestingClock.at("2026-03-01T10:00:00Z");
    RecordingController controller = new RecordingController(Duration.ofHours(1));
    start(controller, clock);
    assertThat(controller.calls("demo")).hasSize(1);

    clock.advance(Duration.ofMinutes(59));
    long scans = runtime.scanCount();
    write("unrelated.txt", "an event, so the loop certainly woke up once");
    await("a scan", () -> runtime.scanCount() > scans);
    assertThat(controller.calls("demo")).as("not due yet").hasSize(1);

    clock.advance(Duration.ofMinutes(1));

    await("the requeue", () -> controller.calls("demo").size() == 2);
    RecordingController.Call requeued = controller.calls("demo").get(1);
    assertThat(requeued.now()).isEqualTo(controller.calls("demo").get(0).requeueAt());
    assertThat(requeued.generation()).isEqualTo(1L);
    assertThat(requeued.hadStatus()).as("the controller sees its previous status").isTrue();
  }

  @Test
  void requeuesRunOnTheRealClockToo() throws IOException {
    write("demo.yaml", policy("demo"));
    RecordingController controller = new RecordingController(Duration.ofMillis(300));
    start(controller, Clock.systemUTC());

    await("three reconciles", () -> controller.calls("demo").size() >= 3);

    List<RecordingController.Call> calls = controller.calls("demo");
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i).now())
          .as("never before the requested time")
          .isAfterOrEqualTo(calls.get(i - 1).requeueAt());
    }
  }

  @Test
  void aControllerExceptionBecomesAnErrorStatusAndOthersKeepWorking() throws IOException {
    write("a.yaml", policy("boom"));
    write("b.yaml", policy("fine"));
    RecordingController controller = new RecordingController(Duration.ofHours(1));

    start(controller, TestingClock.at("2026-03-01T10:00:00Z"));

    StatusView boom = status("boom");
    assertThat(boom.ready()).isEqualTo("False");
    assertThat(boom.readyReason()).isEqualTo("ReconcileFailed");
    assertThat(boom.readyMessage()).contains("IllegalStateException: simulated controller bug");
    assertThat(status("fine").ready()).isEqualTo("True");
  }

  @Test
  void aDeletedResourceIsNoLongerReconciled() throws IOException {
    write("demo.yaml", policy("demo"));
    TestingClock clock = TestingClock.at("2026-03-01T10:00:00Z");
    RecordingController controller = new RecordingController(Duration.ofHours(1));
    start(controller, clock);

    Files.delete(policies.resolve("demo.yaml"));
    await("deleted", () -> status("demo").deleted());
    clock.advance(Duration.ofHours(2));
    long scans = runtime.scanCount();
    write("other.yaml", policy("other"));
    await(
        "other reconciled",
        () -> controller.calls("other").size() == 1 && runtime.scanCount() > scans);

    assertThat(controller.calls("demo")).hasSize(1);
  }

  @Test
  void aFileBrokenWhileStoppedMarksWhatItDeclaredOnRestart() throws IOException {
    write("demo.yaml", policy("demo"));
    RecordingController controller = new RecordingController(Duration.ofHours(1));
    start(controller, TestingClock.at("2026-03-01T10:00:00Z"));
    runtime.close();

    write(
        "demo.yaml",
        "apiVersion: bulwark.dev/v1alpha1\nkind: BackupPolicy\n  metadata: {name: demo\n");
    start(controller, TestingClock.at("2026-03-01T11:00:00Z"));

    StatusView demo = status("demo");
    assertThat(demo.readyReason()).isEqualTo("DocumentUnreadable");
    assertThat(demo.deleted()).isFalse();
    assertThat(demo.generation()).isEqualTo(1);
    assertThat(demo.condition("Ready").path("lastTransitionTime").asText())
        .isEqualTo("2026-03-01T11:00:00Z");
  }

  @Test
  void aDocumentRemovedFromAFileIsDeletedAndItsSiblingStays() throws IOException {
    write("both.yaml", policy("one") + "---\n" + policy("two"));
    RecordingController controller = new RecordingController(Duration.ofHours(1));
    start(controller, TestingClock.at("2026-03-01T10:00:00Z"));

    write("both.yaml", policy("one"));

    await("two deleted", () -> status("two").deleted());
    assertThat(status("one").deleted()).isFalse();
    assertThat(status("one").generation()).isEqualTo(1);
  }

  @Test
  void anEditorsBurstOfWritesIsOneReconcile() throws IOException {
    write("demo.yaml", policy("demo"));
    RecordingController controller = new RecordingController(Duration.ofHours(1));
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state, Duration.ofSeconds(1), Duration.ofMinutes(10)),
            List.of(controller),
            TestingClock.at("2026-03-01T10:00:00Z"));
    runtime.start();

    for (int i = 1; i <= 10; i++) {
      write("demo.yaml", policy("demo").replace("domain: raw", "domain: raw" + i));
    }

    await("the burst reconciled", () -> controller.calls("demo").size() >= 2);
    assertThat(controller.calls("demo")).hasSize(2);
    assertThat(controller.calls("demo").get(1).generation()).isEqualTo(2L);
  }

  @Test
  void closeIsSafeTwiceAndStopsWatching() throws IOException {
    write("demo.yaml", policy("demo"));
    RecordingController controller = new RecordingController(Duration.ofHours(1));
    start(controller, TestingClock.at("2026-03-01T10:00:00Z"));

    runtime.close();
    runtime.close();
    long written = runtime.reconcileCount();
    write("later.yaml", policy("later"));

    assertThat(runtime.reconcileCount()).isEqualTo(written);
    assertThat(runtime.statusFile("BackupPolicy", "later")).doesNotExist();
  }

  private void start(RecordingController controller, Clock clock) {
    runtime =
        new ComposeRuntime(
            new ComposeSettings(policies, state, Duration.ofMillis(50), Duration.ofMinutes(10)),
            List.of(controller),
            clock);
    runtime.start();
  }

  private StatusView status(String name) {
    return StatusView.read(runtime.statusFile("BackupPolicy", name))
        .orElseThrow(() -> new AssertionError("no status file for BackupPolicy/" + name));
  }

  private static String policy(String name) {
    return """
        apiVersion: bulwark.dev/v1alpha1
        kind: BackupPolicy
        metadata: {name: %s}
        spec:
          target: local
          sources: [{path: /data, domain: raw}]
        """
        .formatted(name);
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(policies.resolve(name), content);
  }
}
