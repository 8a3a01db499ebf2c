package dev.bulwark.core.hooks;

import dev.bulwark.api.common.HookCommand;
import java.util.List;

/**
 * A JVM that runs one pre hook, for tests that kill the JVM with -9 while the hook runs: {@code
 * HookProcessMain <pid file>}. The hook starts a child process, writes its pid to the file and
 * waits for it.
 */
public final class HookProcessMain {
  private HookProcessMain() {}

  public static void main(String[] args) throws Exception {
    HookCommand hook = new HookCommand();
    hook.setCommand(List.of("sh", "-c", "sleep 300 & echo $! > " + args[0] + "; wait"));
    hook.setTimeoutSeconds(600);
    new HookRunner()
        .runPre(
            new HookContext("teaching-data", "20260301T100000Z-abcdef", "incremental"),
            List.of(hook));
  }
}
