package dev.bulwark.core.hooks;

import dev.bulwark.api.common.HookCommand;
import dev.bulwark.core.process.OutputTail;
import dev.bulwark.core.process.ProcessTrees;
import dev.bulwark.core.process.TiedProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a policy's {@code spec.hooks.pre} and {@code spec.hooks.post} commands as processes (argv,
 * no shell), each bounded by its timeout. Pre hooks run in order and the first failure stops the
 * job; post hooks all run whatever happens and their failures become warnings.
 *
 * <p>Each hook sees the process environment plus BULWARK_POLICY, BULWARK_JOB_ID and
 * BULWARK_SNAPSHOT_TYPE, and post hooks BULWARK_JOB_RESULT (success, failed or canceled). Its stdin
 * is empty; the last {@value #TAIL_BYTES} bytes of stdout and stderr are kept for messages. A hook
 * that times out is killed with every process it started, and a hook dies with the operator (even
 * on kill -9) with the processes it started ({@link TiedProcess}).
 */
public final class HookRunner {
  /** Bytes of each output stream kept for the failure message. */
  static final int TAIL_BYTES = 4096;

  /** Default timeout of a hook without one. */
  static final int DEFAULT_TIMEOUT_SECONDS = 60;

  /** The job results a post hook can be told. */
  public static final Set<String> JOB_RESULTS = Set.of("success", "failed", "canceled");

  private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);
  // After the hook exits, its output pipes normally close at once; a grandchild that escaped
  // the kill (it left the process tree) may hold them open, so do not wait for it for long.
  private static final long DRAIN_MILLIS = 2000;

  /** Creates a runner. */
  public HookRunner() {}

  /**
   * Runs the pre hooks in order.
   *
   * @param pre the hooks; null is the same as none
   * @throws HookFailedException at the first hook that exits non-zero, times out or cannot start;
   *     the hooks after it do not run
   */
  public void runPre(HookContext context, List<HookCommand> pre) throws HookFailedException {
    if (pre == null) {
      return;
    }
    Map<String, String> env = baseEnv(context);
    for (int i = 0; i < pre.size(); i++) {
      String failure = run("spec.hooks.pre[" + i + "]", pre.get(i), env);
      if (failure != null) {
        throw new HookFailedException(failure + "; the job fails without taking a snapshot");
      }
    }
  }

  /**
   * Runs every post hook in order, whatever the earlier ones did.
   *
   * @param post the hooks; null is the same as none
   * @param jobResult success, failed or canceled, passed as BULWARK_JOB_RESULT
   * @return one warning per hook that failed, in order (empty when all succeeded)
   */
  public List<String> runPost(HookContext context, List<HookCommand> post, String jobResult) {
    if (!JOB_RESULTS.contains(jobResult)) {
      throw new IllegalArgumentException(
          "job result '" + jobResult + "' must be one of success, failed, canceled");
    }
    List<String> warnings = new ArrayList<>();
    if (post == null) {
      return warnings;
    }
    Map<String, String> env = baseEnv(context);
    env.put("BULWARK_JOB_RESULT", jobResult);
    for (int i = 0; i < post.size(); i++) {
      String failure = run("spec.hooks.post[" + i + "]", post.get(i), env);
      if (failure != null) {
        warnings.add(failure);
      }
    }
    return warnings;
  }

  private static Map<String, String> baseEnv(HookContext context) {
    return new java.util.LinkedHashMap<>(
        Map.of(
            "BULWARK_POLICY", context.policy(),
            "BULWARK_JOB_ID", context.jobId(),
            "BULWARK_SNAPSHOT_TYPE", context.snapshotType()));
  }

  /** Runs one hook; returns null on success, else why it failed. */
  private static String run(String field, HookCommand hook, Map<String, String> env) {
    List<String> argv = hook == null ? null : hook.getCommand();
    if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
      return field + " has no command (command must list the executable and its arguments)";
    }
    String name = field + " (" + argv.get(0) + ")";
    int timeout =
        hook.getTimeoutSeconds() == null || hook.getTimeoutSeconds() < 1
            ? DEFAULT_TIMEOUT_SECONDS
            : hook.getTimeoutSeconds();
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(env);
    Process process;
    try {
      // Tied to this JVM: a kill -9 of the operator takes the hook and its children with it.
      process = TiedProcess.start(builder);
    } catch (IOException | RuntimeException e) {
      return name + " cannot start: " + e.getMessage();
    }
    LOG.info("{} started (pid {}, timeout {} s)", name, process.pid(), timeout);
    try {
      return await(name, process, timeout);
    } finally {
      try {
        process.getOutputStream().close(); // the lifeline: closed once the hook is done
      } catch (IOException e) {
        // the supervisor has exited already
      }
    }
  }

  private static String await(String name, Process process, int timeout) {
    OutputTail stdout = new OutputTail(process.getInputStream(), TAIL_BYTES, "bulwark-hook-out");
    OutputTail stderr = new OutputTail(process.getErrorStream(), TAIL_BYTES, "bulwark-hook-err");
    boolean exited;
    try {
      exited = process.waitFor(timeout, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      ProcessTrees.kill(process);
      Thread.currentThread().interrupt();
      return name + " was interrupted (the job is stopping) and was killed";
    }
    if (!exited) {
      ProcessTrees.kill(process);
      String out = output(stdout, stderr);
      LOG.warn("{} timed out after {} s and was killed", name, timeout);
      return name
          + " timed out after "
          + timeout
          + " s and was killed with its child processes"
          + out;
    }
    int code = process.exitValue();
    String out = output(stdout, stderr);
    if (code != 0) {
      LOG.warn("{} exited with code {}", name, code);
      return name + " exited with code " + code + out;
    }
    LOG.info("{} succeeded", name);
    return null;
  }

  /** The tail of stderr, or of stdout when stderr is empty, as a message suffix. */
  private static String output(OutputTail stdout, OutputTail stderr) {
    String err = stderr.await(DRAIN_MILLIS);
    String out = stdout.await(DRAIN_MILLIS);
    if (!err.isEmpty()) {
      return ": stderr: " + err;
    }
    if (!out.isEmpty()) {
      return ": stdout: " + out;
    }
    return " (no output)";
  }
}
