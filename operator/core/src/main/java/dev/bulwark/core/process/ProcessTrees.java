package dev.bulwark.core.process;

import java.util.List;

/** Kills a process and every process it started, so a timed-out hook leaves nothing running. */
public final class ProcessTrees {
  private ProcessTrees() {}

  /** Kills {@code process} and its descendants (SIGKILL), and waits briefly for them to exit. */
  public static void kill(Process process) {
    // Take the descendants first: once the parent dies they are re-parented and out of reach.
    List<ProcessHandle> descendants = process.toHandle().descendants().toList();
    process.toHandle().destroyForcibly();
    for (ProcessHandle child : descendants) {
      child.destroyForcibly();
    }
    // A child may have forked between the snapshot and the kill of its parent.
    for (ProcessHandle child : descendants) {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
    }
    try {
      process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
