package dev.bulwark.engine.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one task on several threads of a restore and waits for every one of them. */
final class WorkerThreads {
  private WorkerThreads() {}

  /**
   * Starts {@code count} daemon threads named {@code name-<i>} running {@code task} and waits for
   * all of them, even when the caller is interrupted: nothing may write once a restore has
   * returned. An interrupt is recorded in {@code fatal} (the task must stop when it is set) and
   * re-asserted on the caller once every thread has ended.
   *
   * @return the first failure recorded in {@code fatal}, or null
   */
  static Throwable runAll(int count, String name, Runnable task, AtomicReference<Throwable> fatal) {
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(task, name + "-" + i);
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    boolean interrupted = false;
    for (Thread t : started) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          fatal.compareAndSet(null, e);
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return fatal.get();
  }
}
