package dev.bulwark.engine.catalog;

import dev.bulwark.engine.EngineException;
import dev.bulwark.engine.TargetAccessException;
import dev.bulwark.engine.format.JobId;
import dev.bulwark.engine.format.RepositoryLayout;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Lists a policy's committed snapshots and finds one by id or point in time, from the catalog
 * entries alone (docs/format.md, "Finding snapshots"). Each lookup by time lists one day's prefix
 * at a time, so it costs one listing page however many snapshots the repository holds.
 */
public final class SnapshotCatalog {
  private static final int DAYS_SCANNED_BEFORE_FULL_LISTING = 8;
  private static final Comparator<SnapshotSummary> NEWEST_LAST = SnapshotSummary.COMMIT_ORDER;

  private final Target target;
  private final RepositoryLayout layout;
  private final Clock clock;

  public SnapshotCatalog(Target target, RepositoryLayout layout, Clock clock) {
    this.target = target;
    this.layout = layout;
    this.clock = clock;
  }

  /**
   * Every committed snapshot of the policy, oldest first ({@link SnapshotSummary#COMMIT_ORDER}).
   */
  public List<SnapshotSummary> list() throws EngineException {
    return listPrefix(layout.catalogPrefix());
  }

  /** The snapshot with job id {@code jobId}. */
  public Optional<SnapshotSummary> find(String jobId) throws EngineException {
    JobId.check(jobId);
    List<SnapshotSummary> found = listPrefix(layout.catalogPrefix() + jobId + "_");
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }

  /**
   * The newest snapshot that had finished at or before {@code time}: the state "as of" that time.
   */
  public Optional<SnapshotSummary> newestAtOrBefore(Instant time) throws EngineException {
    LocalDate day = LocalDate.ofInstant(time, ZoneOffset.UTC);
    for (int i = 0; i < DAYS_SCANNED_BEFORE_FULL_LISTING; i++) {
      Optional<SnapshotSummary> found = newestOf(listPrefix(dayPrefix(day.minusDays(i))), time);
      if (found.isPresent()) {
        return found;
      }
    }
    return newestOf(list(), time);
  }

  /** The newest snapshot of the policy. */
  public Optional<SnapshotSummary> newest() throws EngineException {
    // Start a day ahead of the local clock: another host's clock may run ahead of ours.
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
    for (int i = 0; i < DAYS_SCANNED_BEFORE_FULL_LISTING; i++) {
      List<SnapshotSummary> found = listPrefix(dayPrefix(day.minusDays(i)));
      if (!found.isEmpty()) {
        return Optional.of(found.stream().max(NEWEST_LAST).orElseThrow());
      }
    }
    return list().stream().max(NEWEST_LAST);
  }

  private String dayPrefix(LocalDate day) {
    return layout.catalogPrefix() + JobId.dayPrefix(day);
  }

  private static Optional<SnapshotSummary> newestOf(List<SnapshotSummary> list, Instant time) {
    return list.stream().filter(s -> !s.finishedAt().isAfter(time)).max(NEWEST_LAST);
  }

  private List<SnapshotSummary> listPrefix(String prefix) throws EngineException {
    List<SnapshotSummary> result = new ArrayList<>();
    try {
      Iterator<ObjectInfo> it = target.listAll(prefix);
      while (it.hasNext()) {
        ObjectInfo info = it.next();
        layout
            .parseCatalogKey(info.key())
            .ifPresent(
                k ->
                    result.add(
                        new SnapshotSummary(
                            k.jobId(),
                            k.type(),
                            JobId.startedAt(k.jobId()),
                            k.finishedAt(),
                            k.labels(),
                            k.key(),
                            layout.manifestKey(k.jobId()))));
      }
    } catch (IOException e) {
      throw new TargetAccessException(prefix, "listing snapshots", e);
    } catch (UncheckedIOException e) {
      throw new TargetAccessException(prefix, "listing snapshots", e.getCause());
    }
    result.sort(NEWEST_LAST);
    return result;
  }
}
