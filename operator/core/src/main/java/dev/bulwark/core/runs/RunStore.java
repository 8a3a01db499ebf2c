package dev.bulwark.core.runs;

import dev.bulwark.core.RecordFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run records of one kind: one JSON file per run, {@code <owner's directory>/<run_id>.json},
 * replaced atomically ({@link RecordFolder}). Run ids sort by start time, so the newest runs are
 * the last names. Each kind says where an owner's directory is; the store does the rest.
 *
 * @param <R> the kind's record
 */
public final class RunStore<R extends RunRecord> {
  private final RecordFolder<R> folder;
  private final Function<RunKey, Path> layout;

  /**
   * Records of {@code type}, called {@code what} in messages (e.g. "drill record"), in the
   * directories {@code layout} gives each owner.
   */
  public RunStore(Class<R> type, String what, Function<RunKey, Path> layout) {
    this.folder = new RecordFolder<>(type, what);
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  /** The directory of one owner's records (and its run lock). */
  public Path directory(RunKey key) {
    return layout.apply(key);
  }

  /** Writes (or replaces) {@code record} atomically. */
  public void write(R record) {
    folder.write(directory(record.key()), record.runId(), record);
  }

  /** The newest {@code limit} runs of {@code key}, newest first; unreadable files are skipped. */
  public List<R> recent(RunKey key, int limit) {
    return folder.newest(directory(key), limit);
  }

  /** The run ids of {@code key}, oldest first. */
  public List<String> ids(RunKey key) {
    return folder.ids(directory(key));
  }

  /** The run {@code runId} of {@code key}; empty when missing or unreadable. */
  public Optional<R> read(RunKey key, String runId) {
    return folder.read(directory(key), runId);
  }

  /** Removes the run {@code runId} of {@code key}, if it is there. */
  public void delete(RunKey key, String runId) {
    folder.delete(directory(key), runId);
  }

  /** Removes all but the newest {@code keep} runs of {@code key}. */
  public void keepNewest(RunKey key, int keep) {
    folder.keepNewest(directory(key), keep);
  }

  /** A read-only view for controllers: it cannot write, and reading changes nothing. */
  public RunLedger<R> ledger() {
    return this::recent;
  }
}
