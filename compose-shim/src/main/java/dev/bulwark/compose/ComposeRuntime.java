package dev.bulwark.compose;

import dev.bulwark.compose.status.StateLayout;
import dev.bulwark.compose.status.StatusFileStore;
import dev.bulwark.core.Environment;
import dev.bulwark.core.gate.GateFile;
import dev.bulwark.core.gate.GateSettings;
import dev.bulwark.core.reconcile.Controller;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.manifests.ResourceKind;
import dev.bulwark.manifests.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compose mode: serves the manifests of a watched directory with the core controllers and writes
 * each resource's status to {@code <state>/status/<kind>/<name>.json}. Never writes under the
 * policies directory.
 *
 * <p><b>When it reconciles.</b> On start (every resource once), after a change in the directory
 * (file events, debounced; a full rescan every {@link ComposeSettings#rescanInterval()} as a safety
 * net), for each resource whose document changed, and when a resource's requeue time comes. One
 * thread does all of it, one resource at a time. When a BackupPolicy changes, the resources that
 * may refer to it (drills, migration plans) are reconciled in the same pass.
 *
 * <p><b>Generations.</b> Compose mode keeps a Kubernetes-like {@code metadata.generation} per
 * resource: 1 when first seen, +1 whenever its spec as written changes (key order and comments
 * aside). It is stored in the status file, so it survives restarts.
 *
 * <p><b>Invalid and broken manifests.</b> A document with errors (unknown field, wrong type,
 * unknown enum value) gets Valid and Ready False (SpecInvalid) listing each error with its {@code
 * file:line}; it is not served until fixed. A file with a YAML syntax error is broken as a whole:
 * every resource it declared (including those before the error, and those the runtime only knows
 * from earlier scans or status files) gets Valid and Ready False (DocumentUnreadable) with the
 * parser's line and column, and stops being scheduled. It does <em>not</em> keep running its last
 * good definition: a half-edited file must be seen to be broken, and the status says so loudly.
 * Other files are unaffected. A document without a usable kind or name cannot have a status file:
 * its file is recorded in {@code <state>/status/unattributed.json}, alerted, and blocks the gate
 * until it is fixed or removed.
 *
 * <p><b>Duplicates.</b> Names are global in compose mode. When two documents declare the same kind
 * and name, the one already serving it keeps it (at start, the first in file order); the other is
 * an error recorded in the resource's status file {@code problems} and logged, never silently used.
 *
 * <p><b>Deletion.</b> A resource whose document is gone (and whose file still parses) is no longer
 * reconciled; its status file is rewritten with {@code deleted: true} and Ready False (Deleted).
 *
 * <p><b>Idle cost.</b> A pass that finds nothing new reads and writes almost nothing: an unchanged
 * policy file is not parsed again, a status decided again unchanged is not rewritten (its {@code
 * updated_at} stays the time its content last changed), and job records are parsed again only when
 * replaced. Each cache compares the file's modification time, size and identity, so an edit, a
 * record written by another process or a deleted file is seen on the next pass.
 *
 * <p><b>Restart.</b> Statuses and generations are loaded from the status files first, so
 * controllers continue from the previous status (conditions keep their lastTransitionTime) and
 * nothing is flipped, or alerted, by a restart alone.
 *
 * <p><b>Alerts.</b> Every decision is alerted by {@link dev.bulwark.core.alerts.AlertPolicy}
 * against the status it replaces: a condition turning bad (invalid, unreadable, failing, deleted)
 * once, its recovery once.
 *
 * <p><b>Release gate.</b> After every reconcile that changed a status, and at least every 15
 * seconds, the gate is evaluated over the latest status of every resource (deleted ones aside) and
 * the unattributable files, and {@code <state>/gate.json} is rewritten when its verdict or facts
 * changed, and at least once a minute.
 *
 * <p><b>Failures.</b> An exception from a controller is caught, logged and written as Ready False
 * (ReconcileFailed) for that resource, which is retried with backoff; the loop keeps serving.
 */
public final class ComposeRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComposeRuntime.class);

  private final ComposeSettings settings;
  private final Path policiesDir;
  private final StateLayout layout;
  private final StatusFileStore store;
  private final ResourceTable table = new ResourceTable();
  private final AtomicLong reconciles = new AtomicLong();
  private final ReconcileLoop loop;
  private final DirectoryWatcher watcher;
  private final DirectorySync sync;
  private final RuntimeServices services;
  private final ComposeGate gate;
  private final GateFile gateFile;
  private boolean started;
  private boolean closed;

  /**
   * A runtime over {@code settings}, reconciling with {@code controllers} (one per kind, e.g.
   * {@code Controllers.standard(environment)}) and reading time from {@code clock}.
   */
  public ComposeRuntime(ComposeSettings settings, List<Controller<?, ?>> controllers, Clock clock) {
    this(settings, controllers, clock, RuntimeServices.none());
  }

  /**
   * A runtime that also carries out what controllers ask: jobs on {@code services}' executor (whose
   * history the controllers read), alerts and audit lines. {@link #close} cancels running jobs. The
   * release gate's windows come from the process environment ({@link GateSettings#from}).
   *
   * @throws IllegalArgumentException when a {@code BULWARK_GATE_*} variable is not a duration
   */
  public ComposeRuntime(
      ComposeSettings settings,
      List<Controller<?, ?>> controllers,
      Clock clock,
      RuntimeServices services) {
    this(settings, controllers, clock, services, GateSettings.from(Environment.system()));
  }

  /**
   * A runtime like {@link #ComposeRuntime(ComposeSettings, List, Clock, RuntimeServices)}, gating
   * with {@code gateSettings}.
   */
  public ComposeRuntime(
      ComposeSettings settings,
      List<Controller<?, ?>> controllers,
      Clock clock,
      RuntimeServices services,
      GateSettings gateSettings) {
    this.services = services;
    this.settings = settings;
    this.policiesDir = settings.policiesDir();
    this.layout = new StateLayout(settings.stateDir());
    this.store = new StatusFileStore(layout);
    this.loop = new ReconcileLoop(clock, settings.debounce(), settings.rescanInterval());
    this.watcher = new DirectoryWatcher(policiesDir, loop::requestScan);
    AtomicBoolean gateInputsChanged = new AtomicBoolean(true);
    ResourceReconciler reconciler =
        new ResourceReconciler(
            byKind(controllers),
            clock,
            new StatusRecorder(policiesDir, store, loop, reconciles, gateInputsChanged),
            table,
            services,
            loop);
    UnattributedFileRecorder unattributed =
        new UnattributedFileRecorder(policiesDir, store, services, clock, gateInputsChanged);
    this.sync = new DirectorySync(policiesDir, table, reconciler, unattributed, watcher::refresh);
    this.gateFile = GateFile.in(settings.stateDir());
    this.gate =
        new ComposeGate(
            table, unattributed::current, gateFile, gateSettings, clock, gateInputsChanged);
  }

  /**
   * Loads previous statuses, reconciles everything in the directory once (status files written),
   * then keeps watching. Returns when the first pass is done.
   *
   * @throws IllegalArgumentException when the policies directory does not exist or the state
   *     directory lies inside it
   * @throws UncheckedIOException when the state directory cannot be created or watched
   * @throws IllegalStateException when already started or closed
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException("a ComposeRuntime starts once");
    }
    started = true;
    settings.requireServable();
    try {
      Files.createDirectories(layout.statusDir());
      store.removeTemporaryFiles();
      sync.load(store);
      watcher.start();
    } catch (IOException e) {
      watcher.close();
      throw new UncheckedIOException("cannot start compose mode: " + e.getMessage(), e);
    }
    try {
      sync.scan();
    } catch (RuntimeException e) {
      watcher.close();
      throw e;
    }
    gate.refresh(); // gate.json is there once start returns
    loop.start(sync, gate::settle);
    LOG.info(
        "serving {} resources from {}; status files in {}",
        table.all().stream().filter(t -> !t.deleted).count(),
        SourceLocation.displayPath(policiesDir),
        SourceLocation.displayPath(layout.statusDir()));
  }

  /** Stops watching, waits for the reconcile in flight, releases everything. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    watcher.close();
    services.close(); // cancels running jobs, which record it before the loop stops
    loop.close();
  }

  /** Whether the reconcile thread is running: false before start, after close, or if it died. */
  public boolean isAlive() {
    return loop.isAlive();
  }

  /** Where the status of a resource is written. */
  public Path statusFile(String kind, String name) {
    return layout.statusFile(kind, name);
  }

  /** {@code <state>/gate.json}, the release gate this runtime keeps current. */
  public Path gateFile() {
    return gateFile.path();
  }

  /**
   * How many reconcile decisions this runtime has recorded (each writes its status file unless the
   * file already says the same); tests wait on it.
   */
  public long reconcileCount() {
    return reconciles.get();
  }

  /** How many directory scans have completed; tests wait on it. */
  public long scanCount() {
    return sync.scanCount();
  }

  private static Map<String, Controller<?, ?>> byKind(List<Controller<?, ?>> controllers) {
    Map<String, Controller<?, ?>> byKind = new LinkedHashMap<>();
    for (Controller<?, ?> controller : controllers) {
      if (ResourceKind.of(controller.kind()).isEmpty()) {
        throw new IllegalArgumentException("not a Bulwark kind: " + controller.kind());
      }
      if (byKind.put(controller.kind(), controller) != null) {
        throw new IllegalArgumentException("two controllers for " + controller.kind());
      }
    }
    return Map.copyOf(byKind);
  }
}
