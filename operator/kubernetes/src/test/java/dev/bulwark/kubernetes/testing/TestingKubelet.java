package dev.bulwark.kubernetes.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the part of a cluster that runs pods, on a {@link TestingApiServer}: the Job
 * controller and TTL controller ({@link JobController}), the scheduler and the kubelet of one node,
 * {@value #NODE}. Each pod's one container runs as a local process in a sandbox ({@link
 * PodSandbox}) that sees the paths of the pod spec: the image's files (a {@link ContainerImage}
 * mapped to host files, e.g. the real {@code bulwark.jar}), each PersistentVolumeClaim as the host
 * directory registered with {@link #provideClaim}, Secrets and ConfigMaps as files or env, {@code
 * emptyDir} as a fresh directory, and the pod's ServiceAccount token where in-cluster clients look
 * for it. Pod and Job status, and events, are written back as on a cluster.
 *
 * <p>Honest about what cannot run: an unknown image ({@code ErrImagePull}), a missing claim ({@code
 * FailedScheduling}, the pod stays Pending), a missing Secret, ConfigMap or key ({@code
 * FailedMount} or {@code CreateContainerConfigError}), a node selector or required node affinity
 * this node does not match, or {@code runAsNonRoot} with a root user: the pod stays Pending with
 * the reason in its status and an event, and runs once what is missing appears.
 *
 * <p>Not modelled: several containers or init containers (refused with an event), probes, resource
 * limits, image pull policies, other nodes (an RWO claim is mountable here whoever uses it), and
 * TLS (the sandboxed process reaches the API over plain HTTP, told by {@code KUBERNETES_MASTER}).
 */
public final class TestingKubelet implements AutoCloseable {
  /** The one node's name; also its {@code kubernetes.io/hostname} label. */
  public static final String NODE = "testing-node";

  private static final Logger LOG = LoggerFactory.getLogger(TestingKubelet.class);
  private static final String COMPONENT = "kubelet";
  private static final String TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static final Map<String, String> NODE_LABELS =
      Map.of(
          "kubernetes.io/hostname",
          NODE,
          "kubernetes.io/os",
          "linux",
          "kubernetes.io/arch",
          "amd64");

  private final TestingApiServer api;
  private final KubernetesClient cluster;
  private final Path root;
  private final Duration backoff;
  private final KubeletEvents events;
  private final JobController jobs;
  private final Map<String, ContainerImage> images = new ConcurrentHashMap<>();
  private final Map<String, Path> claims = new ConcurrentHashMap<>();
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closing;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "testing-kubelet"));
  private final ExecutorService stopper =
      Executors.newCachedThreadPool(r -> new Thread(r, "testing-kubelet-stop"));

  /** One pod this node runs: its sandbox, its process, and what it last reported. */
  private static final class PodRun {
    final String namespace;
    final String name;
    final String uid;
    final Path dir;
    Process process;
    boolean running;
    Instant startedAt;
    int restarts;
    Instant restartAt = Instant.MIN;
    ContainerStatus lastTerminated;
    boolean terminal;

    PodRun(String namespace, String name, String uid, Path dir) {
      this.namespace = namespace;
      this.name = name;
      this.uid = uid;
      this.dir = dir;
    }
  }

  private TestingKubelet(TestingApiServer api, Path root, Duration backoff) {
    PodSandbox.requireSupport();
    this.api = api;
    this.cluster = api.admin();
    this.root = root;
    this.backoff = backoff;
    this.events = new KubeletEvents(cluster);
    this.jobs = new JobController(cluster, events, backoff);
    cluster
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(NODE)
                .withLabels(NODE_LABELS)
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .createOr(existing -> existing.update());
    loop.scheduleWithFixedDelay(this::tick, 0, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the node on {@code api}, keeping sandboxes, volumes and logs under {@code root}. A
   * failed pod of a Job is replaced, and a failed container of a restarting pod restarted, after
   * {@code backoff} doubled per failure (Kubernetes waits 10 s; tests may wait less).
   */
  public static TestingKubelet start(TestingApiServer api, Path root, Duration backoff) {
    return new TestingKubelet(api, root, backoff);
  }

  /** Like {@link #start(TestingApiServer, Path, Duration)} with Kubernetes' 10 s backoff. */
  public static TestingKubelet start(TestingApiServer api, Path root) {
    return start(api, root, Duration.ofSeconds(10));
  }

  /** Makes {@code image} pullable by its name. */
  public TestingKubelet withImage(ContainerImage image) {
    images.put(image.name(), image);
    return this;
  }

  /**
   * Provisions a bound ReadWriteOnce PersistentVolumeClaim {@code namespace/name} backed by {@code
   * directory}, as a storage class would (the claim object is created in the API).
   */
  public void provideClaim(String namespace, String name, Path directory) {
    PersistentVolumeClaim claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withVolumeName("pv-" + namespace + "-" + name)
            .withNewResources()
            .addToRequests("storage", new Quantity("1Gi"))
            .endResources()
            .endSpec()
            .withNewStatus()
            .withPhase("Bound")
            .withAccessModes("ReadWriteOnce")
            .addToCapacity("storage", new Quantity("1Gi"))
            .endStatus()
            .build();
    cluster
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(claim)
        .createOr(existing -> existing.update());
    claims.put(namespace + "/" + name, directory);
  }

  /**
   * The host directory behind a volume of a pod this node runs (e.g. an emptyDir, to seed or read
   * it).
   */
  public Path volumeDirectory(String namespace, String pod, String volume) {
    return run(namespace, pod).dir.resolve("volumes").resolve(volume);
  }

  /**
   * The container's output so far (stdout and stderr, across restarts), as {@code kubectl logs}.
   */
  public String logs(String namespace, String pod) {
    Path log = run(namespace, pod).dir.resolve("container.log");
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Errors of the stand-in itself (not of the pods it runs); tests should see none. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Stops every container (SIGTERM, then SIGKILL after 5 s) and the node. */
  @Override
  public void close() {
    closing = true;
    loop.shutdown(); // a pass in progress finishes: interrupting it would fail its API calls
    try {
      if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runs.values().stream()
        .filter(r -> r.process != null)
        .forEach(r -> PodSandbox.stop(r.process, 5));
    stopper.shutdown();
  }

  private PodRun run(String namespace, String pod) {
    return runs.values().stream()
        .filter(r -> r.namespace.equals(namespace) && r.name.equals(pod))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("this node runs no pod " + namespace + "/" + pod));
  }

  private void tick() {
    if (closing) {
      return;
    }
    try {
      List<Job> jobList = cluster.batch().v1().jobs().inAnyNamespace().list().getItems();
      jobs.sync(jobList, cluster.pods().inAnyNamespace().list().getItems());
      List<Pod> pods = cluster.pods().inAnyNamespace().list().getItems();
      Set<String> present = new HashSet<>();
      for (Pod pod : pods) {
        present.add(pod.getMetadata().getUid());
        sync(pod);
      }
      for (PodRun gone : new ArrayList<>(runs.values())) {
        if (!present.contains(gone.uid)) {
          runs.remove(gone.uid);
          if (gone.process != null && gone.process.isAlive()) {
            stopper.execute(() -> PodSandbox.stop(gone.process, 30));
          }
        }
      }
    } catch (RuntimeException e) {
      problems.add(e.toString());
      LOG.warn("stand-in kubelet pass failed", e);
    }
  }

  private void sync(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return;
    }
    if (pod.getSpec().getNodeName() == null) {
      schedule(pod);
      return;
    }
    if (!pod.getSpec().getNodeName().equals(NODE)) {
      return; // bound to a node that is not here: it stays Pending, as on a cluster without that
      // node
    }
    PodRun run =
        runs.computeIfAbsent(
            pod.getMetadata().getUid(),
            uid ->
                new PodRun(
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    uid,
                    root.resolve("pods")
                        .resolve(
                            pod.getMetadata().getNamespace()
                                + "_"
                                + pod.getMetadata().getName()
                                + "_"
                                + uid)));
    if (run.terminal) {
      return;
    }
    if (run.process == null) {
      if (Instant.now().isBefore(run.restartAt)) {
        return;
      }
      start(pod, run);
    } else if (!run.process.isAlive()) {
      exited(pod, run);
    } else if (!run.running
        && Files.exists(run.dir.resolve("sandbox-" + run.restarts).resolve("started"))) {
      reportRunning(pod, run);
    }
  }

  private void schedule(Pod pod) {
    List<String> unschedulable = new ArrayList<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() != null) {
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim object =
            cluster
                .persistentVolumeClaims()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(claim)
                .get();
        if (object == null) {
          unschedulable.add("persistentvolumeclaim \"" + claim + "\" not found");
        } else if (!claims.containsKey(pod.getMetadata().getNamespace() + "/" + claim)) {
          unschedulable.add("pod has unbound immediate PersistentVolumeClaims (" + claim + ")");
        }
      }
    }
    if (!matchesNode(pod)) {
      unschedulable.add("1 node(s) didn't match Pod's node affinity/selector");
    }
    if (!unschedulable.isEmpty()) {
      String message = "0/1 nodes are available: " + String.join(", ", unschedulable) + ".";
      events.warning(pod, "default-scheduler", "FailedScheduling", message);
      writeStatus(
          pod,
          new PodStatusBuilder()
              .withPhase("Pending")
              .withConditions(condition("PodScheduled", "False", "Unschedulable", message))
              .build());
      return;
    }
    cluster
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .edit(
            p -> {
              p.getSpec().setNodeName(NODE);
              return p;
            });
    events.normal(
        pod,
        "default-scheduler",
        "Scheduled",
        "Successfully assigned "
            + pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + " to "
            + NODE);
  }

  private void start(Pod pod, PodRun run) {
    Container container;
    try {
      container = onlyContainer(pod);
    } catch (IllegalStateException e) {
      waiting(pod, run, "CreateContainerConfigError", e.getMessage());
      return;
    }
    ContainerImage image = images.get(container.getImage());
    if (image == null) {
      waiting(
          pod,
          run,
          "ErrImagePull",
          "Failed to pull image \""
              + container.getImage()
              + "\": not found (register it with TestingKubelet.withImage)");
      return;
    }
    Optional<String> notMounted;
    List<PodSandbox.Mount> mounts = new ArrayList<>();
    try {
      notMounted = mountVolumes(pod, container, run, mounts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (notMounted.isPresent()) {
      events.warning(pod, COMPONENT, "FailedMount", notMounted.get());
      waiting(pod, run, "ContainerCreating", notMounted.get());
      return;
    }
    PodEnvironment.Result resolved =
        PodEnvironment.resolve(cluster, pod.getMetadata(), pod.getSpec(), container, NODE);
    if (resolved.error().isPresent()) {
      waiting(pod, run, "CreateContainerConfigError", resolved.error().get());
      return;
    }
    long[] user = user(pod, container, image);
    boolean nonRoot =
        Boolean.TRUE.equals(security(container).getRunAsNonRoot())
            || Boolean.TRUE.equals(podSecurity(pod).getRunAsNonRoot());
    if (nonRoot && user[0] == 0) {
      waiting(
          pod,
          run,
          "CreateContainerConfigError",
          "container has runAsNonRoot and image will run as root (pod: \""
              + pod.getMetadata().getName()
              + "_"
              + pod.getMetadata().getNamespace()
              + "\", container: "
              + container.getName()
              + ")");
      return;
    }
    Map<String, String> env = new LinkedHashMap<>(image.env());
    env.put("HOSTNAME", pod.getMetadata().getName());
    env.putIfAbsent("HOME", user[0] == 0 ? "/root" : "/");
    URIParts server = URIParts.of(api.url());
    env.put("KUBERNETES_SERVICE_HOST", server.host());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(server.port()));
    env.put("KUBERNETES_MASTER", api.url());
    env.putAll(resolved.variables());
    List<String> argv =
        new ArrayList<>(
            container.getCommand().isEmpty() ? image.entrypoint() : container.getCommand());
    argv.addAll(
        !container.getArgs().isEmpty()
            ? container.getArgs()
            : container.getCommand().isEmpty() ? image.cmd() : List.of());
    argv.replaceAll(a -> PodEnvironment.expand(a, env));
    if (argv.isEmpty()) {
      waiting(pod, run, "CreateContainerConfigError", "no command specified");
      return;
    }
    for (Map.Entry<String, Path> file : image.files().entrySet()) {
      mounts.add(new PodSandbox.Mount(file.getKey(), file.getValue(), true));
    }
    List<Long> groups = new ArrayList<>();
    if (podSecurity(pod).getFsGroup() != null) {
      groups.add(podSecurity(pod).getFsGroup());
    }
    if (podSecurity(pod).getSupplementalGroups() != null) {
      groups.addAll(podSecurity(pod).getSupplementalGroups());
    }
    String workingDir =
        container.getWorkingDir() != null ? container.getWorkingDir() : image.workingDir();
    boolean readOnlyRoot = Boolean.TRUE.equals(security(container).getReadOnlyRootFilesystem());
    Path sandbox = run.dir.resolve("sandbox-" + run.restarts);
    run.process =
        PodSandbox.start(
            sandbox,
            mounts,
            image.directories(),
            readOnlyRoot,
            workingDir,
            user[0] + ":" + user[1],
            groups,
            argv,
            env,
            run.dir.resolve("container.log"));
    run.running = false;
    run.startedAt = Instant.now();
    events.normal(
        pod,
        COMPONENT,
        "Pulled",
        "Container image \"" + image.name() + "\" already present on machine");
    events.normal(
        pod,
        COMPONENT,
        "Created",
        "Created container " + container.getName() + " (restart " + run.restarts + ")");
  }

  /**
   * Reports the container Running once its sandbox handed over to its command (the sandbox touches
   * a marker just before), as a kubelet does once the runtime started the container.
   */
  private void reportRunning(Pod pod, PodRun run) {
    Container container = onlyContainer(pod);
    run.running = true;
    run.startedAt = Instant.now();
    events.normal(
        pod,
        COMPONENT,
        "Started",
        "Started container " + container.getName() + " (restart " + run.restarts + ")");
    ContainerStatus running =
        new ContainerStatusBuilder()
            .withName(container.getName())
            .withImage(container.getImage())
            .withReady(true)
            .withStarted(true)
            .withRestartCount(run.restarts)
            .withLastState(lastState(run))
            .withState(
                new ContainerStateBuilder()
                    .withNewRunning()
                    .withStartedAt(run.startedAt.toString())
                    .endRunning()
                    .build())
            .build();
    writeStatus(
        pod,
        new PodStatusBuilder()
            .withPhase("Running")
            .withHostIP("127.0.0.1")
            .withPodIP("127.0.0.1")
            .withStartTime(startTime(pod))
            .withConditions(
                condition("PodScheduled", "True", null, null),
                condition("Initialized", "True", null, null),
                condition("ContainersReady", "True", null, null),
                condition("Ready", "True", null, null))
            .withContainerStatuses(running)
            .build());
  }

  private void exited(Pod pod, PodRun run) {
    Container container = onlyContainer(pod);
    int exitCode = run.process.exitValue();
    run.process = null;
    Instant finished = Instant.now();
    boolean started =
        run.running || Files.exists(run.dir.resolve("sandbox-" + run.restarts).resolve("started"));
    if (started && !run.running) {
      // A short command can hand over and exit between two syncs; a kubelet still reports the
      // start it saw from the runtime before the exit.
      events.normal(
          pod,
          COMPONENT,
          "Started",
          "Started container " + container.getName() + " (restart " + run.restarts + ")");
    }
    if (!started) {
      // The sandbox could not be built: the stand-in's fault or the host's, not the container's.
      problems.add(
          "sandbox of "
              + run.namespace
              + "/"
              + run.name
              + " failed before its command: "
              + logTail(run));
    }
    ContainerStatus terminated =
        new ContainerStatusBuilder()
            .withName(container.getName())
            .withImage(container.getImage())
            .withReady(false)
            .withStarted(false)
            .withRestartCount(run.restarts)
            .withState(
                new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(!started ? "StartError" : exitCode == 0 ? "Completed" : "Error")
                    .withMessage(
                        started ? terminationMessage(container, run, exitCode) : logTail(run))
                    .withStartedAt(run.startedAt.toString())
                    .withFinishedAt(finished.toString())
                    .endTerminated()
                    .build())
            .build();
    run.lastTerminated = terminated;
    String policy = Objects.toString(pod.getSpec().getRestartPolicy(), "Always");
    boolean restart = policy.equals("Always") || (policy.equals("OnFailure") && exitCode != 0);
    if (restart) {
      run.restarts++;
      Duration wait = backoff.multipliedBy(1L << Math.min(run.restarts - 1, 5));
      run.restartAt =
          finished.plus(wait.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : wait);
      events.warning(
          pod, COMPONENT, "BackOff", "Back-off restarting failed container " + container.getName());
      writeStatus(
          pod,
          new PodStatusBuilder()
              .withPhase("Running")
              .withStartTime(startTime(pod))
              .withConditions(
                  condition("PodScheduled", "True", null, null),
                  condition(
                      "Ready",
                      "False",
                      "ContainersNotReady",
                      "containers with unready status: [" + container.getName() + "]"))
              .withContainerStatuses(
                  new ContainerStatusBuilder(terminated)
                      .withRestartCount(run.restarts)
                      .withLastState(terminated.getState())
                      .withState(
                          new ContainerStateBuilder()
                              .withNewWaiting()
                              .withReason("CrashLoopBackOff")
                              .withMessage("back-off restarting failed container")
                              .endWaiting()
                              .build())
                      .build())
              .build());
      return;
    }
    run.terminal = true;
    writeStatus(
        pod,
        new PodStatusBuilder()
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .withStartTime(startTime(pod))
            .withConditions(
                condition("PodScheduled", "True", null, null),
                condition("Ready", "False", "PodCompleted", null),
                condition("ContainersReady", "False", "PodCompleted", null))
            .withContainerStatuses(terminated)
            .build());
  }

  /** The volumes of the pod, mounted as the container asks; empty, or why one cannot be mounted. */
  private Optional<String> mountVolumes(
      Pod pod, Container container, PodRun run, List<PodSandbox.Mount> mounts) throws IOException {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, Path> volumes = new HashMap<>();
    Map<String, Boolean> readOnlyVolumes = new HashMap<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path dir = run.dir.resolve("volumes").resolve(volume.getName());
      String failure = "MountVolume.SetUp failed for volume \"" + volume.getName() + "\" : ";
      if (volume.getPersistentVolumeClaim() != null) {
        Path claim = claims.get(namespace + "/" + volume.getPersistentVolumeClaim().getClaimName());
        if (claim == null) {
          return Optional.of(
              failure
                  + "persistentvolumeclaim \""
                  + volume.getPersistentVolumeClaim().getClaimName()
                  + "\" is not bound");
        }
        volumes.put(volume.getName(), claim);
        readOnlyVolumes.put(
            volume.getName(), Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly()));
      } else if (volume.getEmptyDir() != null) {
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir);
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        volumes.put(volume.getName(), dir);
      } else if (volume.getSecret() != null) {
        Secret secret =
            cluster
                .secrets()
                .inNamespace(namespace)
                .withName(volume.getSecret().getSecretName())
                .get();
        if (secret == null && !Boolean.TRUE.equals(volume.getSecret().getOptional())) {
          return Optional.of(
              failure + "secret \"" + volume.getSecret().getSecretName() + "\" not found");
        }
        Optional<String> written =
            writeKeys(
                dir,
                secret == null ? Map.of() : PodEnvironment.secretData(secret),
                volume.getSecret().getItems(),
                volume.getSecret().getDefaultMode(),
                failure);
        if (written.isPresent()) {
          return written;
        }
        volumes.put(volume.getName(), dir);
        readOnlyVolumes.put(volume.getName(), true);
      } else if (volume.getConfigMap() != null) {
        ConfigMap map =
            cluster
                .configMaps()
                .inNamespace(namespace)
                .withName(volume.getConfigMap().getName())
                .get();
        if (map == null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
          return Optional.of(
              failure + "configmap \"" + volume.getConfigMap().getName() + "\" not found");
        }
        Optional<String> written =
            writeKeys(
                dir,
                map == null || map.getData() == null ? Map.of() : map.getData(),
                volume.getConfigMap().getItems(),
                volume.getConfigMap().getDefaultMode(),
                failure);
        if (written.isPresent()) {
          return written;
        }
        volumes.put(volume.getName(), dir);
        readOnlyVolumes.put(volume.getName(), true);
      } else {
        return Optional.of(failure + "this volume type is not modelled by the stand-in kubelet");
      }
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      Path source = volumes.get(mount.getName());
      if (source == null) {
        return Optional.of(
            "volumeMount \"" + mount.getName() + "\": no volume of that name in the pod");
      }
      boolean readOnly =
          Boolean.TRUE.equals(mount.getReadOnly())
              || readOnlyVolumes.getOrDefault(mount.getName(), false);
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        Path sub = source.resolve(mount.getSubPath()).normalize();
        if (!sub.startsWith(source) || mount.getSubPath().startsWith("/")) {
          return Optional.of(
              "failed to prepare subPath for volumeMount \""
                  + mount.getName()
                  + "\": subPath "
                  + mount.getSubPath()
                  + " escapes the volume");
        }
        if (!Files.exists(sub)) {
          if (readOnly) {
            return Optional.of(
                "failed to prepare subPath for volumeMount \""
                    + mount.getName()
                    + "\": "
                    + mount.getSubPath()
                    + " does not exist in a read-only volume");
          }
          Files.createDirectories(sub);
        }
        source = sub;
      }
      mounts.add(new PodSandbox.Mount(mount.getMountPath(), source, readOnly));
    }
    if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      Path tokens = Files.createDirectories(run.dir.resolve("serviceaccount"));
      String account =
          pod.getSpec().getServiceAccountName() == null
              ? "default"
              : pod.getSpec().getServiceAccountName();
      Files.writeString(
          tokens.resolve("token"), api.tokenFor(UserInfo.serviceAccount(namespace, account)));
      Files.writeString(tokens.resolve("namespace"), namespace);
      mounts.add(new PodSandbox.Mount(TOKEN_DIR, tokens, true));
    }
    String terminationPath =
        container.getTerminationMessagePath() == null
            ? "/dev/termination-log"
            : container.getTerminationMessagePath();
    Path termination = run.dir.resolve("termination-" + run.restarts);
    Files.writeString(termination, "");
    Files.setPosixFilePermissions(termination, PosixFilePermissions.fromString("rw-rw-rw-"));
    mounts.add(new PodSandbox.Mount(terminationPath, termination, false));
    return Optional.empty();
  }

  private static Optional<String> writeKeys(
      Path dir,
      Map<String, String> data,
      List<KeyToPath> items,
      Integer defaultMode,
      String failure)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, String> files = new LinkedHashMap<>();
    if (items == null || items.isEmpty()) {
      files.putAll(
          data.keySet().stream().collect(LinkedHashMap::new, (m, k) -> m.put(k, k), Map::putAll));
    } else {
      for (KeyToPath item : items) {
        if (!data.containsKey(item.getKey())) {
          return Optional.of(failure + "references non-existent key: " + item.getKey());
        }
        files.put(item.getKey(), item.getPath());
      }
    }
    int mode = defaultMode == null ? 0644 : defaultMode;
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = dir.resolve(file.getValue());
      Files.createDirectories(target.getParent());
      Files.write(target, data.get(file.getKey()).getBytes(StandardCharsets.UTF_8));
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions(mode)));
    }
    return Optional.empty();
  }

  private void waiting(Pod pod, PodRun run, String reason, String message) {
    if (!reason.equals("ContainerCreating")) {
      events.warning(pod, COMPONENT, "Failed", "Error: " + message);
    }
    String name =
        pod.getSpec().getContainers().isEmpty()
            ? ""
            : pod.getSpec().getContainers().get(0).getName();
    writeStatus(
        pod,
        new PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(
                condition("PodScheduled", "True", null, null),
                condition(
                    "Ready",
                    "False",
                    "ContainersNotReady",
                    "containers with unready status: [" + name + "]"))
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(name)
                    .withImage(
                        pod.getSpec().getContainers().isEmpty()
                            ? ""
                            : pod.getSpec().getContainers().get(0).getImage())
                    .withReady(false)
                    .withStarted(false)
                    .withRestartCount(run.restarts)
                    .withLastState(lastState(run))
                    .withState(
                        new ContainerStateBuilder()
                            .withNewWaiting()
                            .withReason(reason)
                            .withMessage(message)
                            .endWaiting()
                            .build())
                    .build())
            .build());
  }

  private void writeStatus(Pod pod, PodStatus status) {
    if (Objects.equals(withoutTimes(status), withoutTimes(pod.getStatus()))) {
      return;
    }
    try {
      cluster
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private String terminationMessage(Container container, PodRun run, int exitCode) {
    try {
      Path file = run.dir.resolve("termination-" + run.restarts);
      String message = Files.exists(file) ? Files.readString(file) : "";
      if (message.length() > 4096) {
        message = message.substring(0, 4096);
      }
      if (message.isEmpty()
          && exitCode != 0
          && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
        List<String> lines = Files.readAllLines(run.dir.resolve("container.log"));
        String tail =
            String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        message = tail.length() > 2048 ? tail.substring(tail.length() - 2048) : tail;
      }
      return message.isEmpty() ? null : message;
    } catch (IOException e) {
      return null;
    }
  }

  private static String logTail(PodRun run) {
    try {
      List<String> lines = Files.readAllLines(run.dir.resolve("container.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private boolean matchesNode(Pod pod) {
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null
        && selector.entrySet().stream()
            .anyMatch(e -> !e.getValue().equals(NODE_LABELS.get(e.getKey())))) {
      return false;
    }
    if (pod.getSpec().getAffinity() == null
        || pod.getSpec().getAffinity().getNodeAffinity() == null
        || pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
            == null) {
      return true;
    }
    List<NodeSelectorTerm> terms =
        pod.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    return terms.isEmpty()
        || terms.stream()
            .anyMatch(t -> t.getMatchExpressions().stream().allMatch(TestingKubelet::matches));
  }

  private static boolean matches(NodeSelectorRequirement requirement) {
    String value = NODE_LABELS.get(requirement.getKey());
    return switch (requirement.getOperator()) {
      case "In" -> value != null && requirement.getValues().contains(value);
      case "NotIn" -> value == null || !requirement.getValues().contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }

  private static Container onlyContainer(Pod pod) {
    if (pod.getSpec().getContainers().size() != 1 || !pod.getSpec().getInitContainers().isEmpty()) {
      throw new IllegalStateException(
          "the stand-in kubelet runs pods of exactly one container and no init containers");
    }
    return pod.getSpec().getContainers().get(0);
  }

  /** uid and gid: the container's securityContext, else the pod's, else the image's USER. */
  private static long[] user(Pod pod, Container container, ContainerImage image) {
    String[] imageUser = image.user().split(":");
    long uid = Long.parseLong(imageUser[0]);
    long gid = imageUser.length > 1 ? Long.parseLong(imageUser[1]) : uid == 0 ? 0 : uid;
    PodSecurityContext podContext = podSecurity(pod);
    SecurityContext context = security(container);
    uid =
        context.getRunAsUser() != null
            ? context.getRunAsUser()
            : podContext.getRunAsUser() != null ? podContext.getRunAsUser() : uid;
    gid =
        context.getRunAsGroup() != null
            ? context.getRunAsGroup()
            : podContext.getRunAsGroup() != null ? podContext.getRunAsGroup() : gid;
    return new long[] {uid, gid};
  }

  private static SecurityContext security(Container container) {
    return container.getSecurityContext() == null
        ? new SecurityContext()
        : container.getSecurityContext();
  }

  private static PodSecurityContext podSecurity(Pod pod) {
    return pod.getSpec().getSecurityContext() == null
        ? new PodSecurityContext()
        : pod.getSpec().getSecurityContext();
  }

  private static io.fabric8.kubernetes.api.model.ContainerState lastState(PodRun run) {
    return run.lastTerminated == null ? null : run.lastTerminated.getState();
  }

  private static String startTime(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getStartTime() != null
        ? pod.getStatus().getStartTime()
        : Instant.now().toString();
  }

  private static PodCondition condition(String type, String status, String reason, String message) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(Instant.now().toString())
        .build();
  }

  /** A status with its times blanked, to tell a change from a rewrite of the same state. */
  private static String withoutTimes(PodStatus status) {
    return status == null
        ? ""
        : status.toString().replaceAll("(?i)(time|startedAt|finishedAt)=[^,)]*", "");
  }

  private static String permissions(int mode) {
    StringBuilder s = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      s.append((bits & 4) != 0 ? 'r' : '-')
          .append((bits & 2) != 0 ? 'w' : '-')
          .append((bits & 1) != 0 ? 'x' : '-');
    }
    return s.toString();
  }

  /** Host and port of the API server's URL. */
  private record URIParts(String host, int port) {
    static URIParts of(String url) {
      java.net.URI uri = java.net.URI.create(url);
      return new URIParts(uri.getHost(), uri.getPort());
    }
  }
}
