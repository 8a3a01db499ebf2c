package dev.bulwark.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.api.common.HookCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookRunnerTest {
  private static final HookContext CONTEXT =
      new HookContext("teaching-data", "20260101T000000Z-abcdef", "incremental");

  @TempDir Path dir;

  private final HookRunner runner = new HookRunner();

  private static HookCommand hook(int timeoutSeconds, String... argv) {
    HookCommand hook = new HookCommand();
    hook.setCommand(List.of(argv));
    hook.setTimeoutSeconds(timeoutSeconds);
    return hook;
  }

  private static HookCommand sh(String script) {
    return hook(60, "sh", "-c", script);
  }

  @Test
  void preHooksRunInOrderAndSucceed() throws Exception {
    Path log = dir.resolve("log");
    runner.runPre(CONTEXT, List.of(sh("echo one >> " + log), sh("echo two >> " + log)));
    assertThat(Files.readAllLines(log)).containsExactly("one", "two");
  }

  @Test
  void nullListsAreEmpty() throws Exception {
    runner.runPre(CONTEXT, null);
    assertThat(runner.runPost(CONTEXT, null, "success")).isEmpty();
  }

  @Test
  void firstFailingPreHookFailsWithIndexExitCodeAndStderrAndStopsTheRest() {
    Path marker = dir.resolve("third-ran");
    assertThatThrownBy(
            () ->
                runner.runPre(
                    CONTEXT,
                    List.of(
                        sh("true"),
                        sh("echo quiesce failed: service busy >&2; exit 3"),
                        sh("touch " + marker))))
        .isInstanceOf(HookFailedException.class)
        .hasMessageContaining("spec.hooks.pre[1] (sh)")
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("quiesce failed: service busy");
    assertThat(marker).doesNotExist();
  }

  @Test
  void missingExecutableFailsThePreHookClearly() {
    assertThatThrownBy(
            () -> runner.runPre(CONTEXT, List.of(hook(5, "/nonexistent/quiesce-service", "now"))))
        .isInstanceOf(HookFailedException.class)
        .hasMessageContaining("spec.hooks.pre[0] (/nonexistent/quiesce-service) cannot start");
  }

  @Test
  void emptyCommandIsAFailureNotACrash() {
    HookCommand empty = new HookCommand();
    assertThatThrownBy(() -> runner.runPre(CONTEXT, List.of(empty)))
        .isInstanceOf(HookFailedException.class)
        .hasMessageContaining("spec.hooks.pre[0] has no command");
  }

  @Test
  void timeoutKillsTheHookAndEveryProcessItStarted() throws Exception {
    Path childPid = dir.resolve("child.pid");
    Path grandchildPid = dir.resolve("grandchild.pid");
    // The hook starts a child shell that starts a sleep; all three must die at the timeout.
    String script =
        "sh -c 'sleep 300 & echo $! > "
            + grandchildPid
            + "; wait' & echo $! > "
            + childPid
            + "; echo started >&2; wait";
    Instant start = Instant.now();
    assertThatThrownBy(() -> runner.runPre(CONTEXT, List.of(hook(1, "sh", "-c", script))))
        .isInstanceOf(HookFailedException.class)
        .hasMessageContaining("spec.hooks.pre[0] (sh) timed out after 1 s")
        .hasMessageContaining("started");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
    long child = Long.parseLong(Files.readString(childPid).strip());
    long grandchild = Long.parseLong(Files.readString(grandchildPid).strip());
    awaitDead(child);
    awaitDead(grandchild);
  }

  @Test
  void postHooksAllRunAfterAFailureAndReturnWarnings() throws Exception {
    Path log = dir.resolve("post.log");
    List<String> warnings =
        runner.runPost(
            CONTEXT,
            List.of(
                sh("echo first >> " + log + "; echo resume failed >&2; exit 1"),
                hook(5, "/nonexistent/notify"),
                sh("echo third $BULWARK_JOB_RESULT >> " + log)),
            "failed");
    assertThat(Files.readAllLines(log)).containsExactly("first", "third failed");
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .contains("spec.hooks.post[0] (sh) exited with code 1")
        .contains("resume failed");
    assertThat(warnings.get(1)).contains("spec.hooks.post[1] (/nonexistent/notify) cannot start");
  }

  @Test
  void hooksSeeTheJobInTheirEnvironment() throws Exception {
    Path pre = dir.resolve("pre.env");
    Path post = dir.resolve("post.env");
    String dump =
        "echo \"$BULWARK_POLICY|$BULWARK_JOB_ID|$BULWARK_SNAPSHOT_TYPE|${BULWARK_JOB_RESULT:-unset}\"";
    runner.runPre(CONTEXT, List.of(sh(dump + " > " + pre)));
    assertThat(runner.runPost(CONTEXT, List.of(sh(dump + " > " + post)), "success")).isEmpty();
    assertThat(Files.readString(pre).strip())
        .isEqualTo("teaching-data|20260101T000000Z-abcdef|incremental|unset");
    assertThat(Files.readString(post).strip())
        .isEqualTo("teaching-data|20260101T000000Z-abcdef|incremental|success");
  }

  @Test
  void outputKeptForTheMessageIsBounded() {
    // 1 MiB on stderr: the hook must not block on a full pipe and the message keeps only the tail.
    String script = "head -c 1048576 /dev/zero | tr '\\0' x >&2; echo THE-END >&2; exit 2";
    assertThatThrownBy(() -> runner.runPre(CONTEXT, List.of(sh(script))))
        .isInstanceOf(HookFailedException.class)
        .hasMessageContaining("exited with code 2")
        .hasMessageContaining("THE-END")
        .satisfies(
            e -> assertThat(e.getMessage().length()).isLessThan(HookRunner.TAIL_BYTES + 300));
  }

  @Test
  void unknownJobResultIsRefused() {
    assertThatThrownBy(() -> runner.runPost(CONTEXT, List.of(), "done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("success, failed, canceled");
  }

  @Test
  void aHooksChildDiesWithTheOperatorKilledWithSignal9() throws Exception {
    Path pidFile = Files.createTempDirectory("hook-child").resolve("child.pid");
    Process operator =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HookProcessMain.class.getName(),
                pidFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Instant deadline = Instant.now().plusSeconds(60);
    while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank())
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    long child = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(alive(child)).as("the hook's child runs").isTrue();

    operator.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup in the JVM

    awaitDead(child);
  }

  /** Waits up to 10 s for {@code pid} to be gone or a zombie (killed, not yet reaped). */
  private static void awaitDead(long pid) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(deadline)) {
      if (!alive(pid)) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(alive(pid)).as("process %d still running", pid).isFalse();
  }

  private static boolean alive(long pid) throws IOException {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (Files.exists(stat)) {
      String s;
      try {
        s = Files.readString(stat);
      } catch (IOException e) {
        return false;
      }
      // The state follows the parenthesised command name; Z (zombie) and X (dead) are gone.
      char state = s.charAt(s.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
