package dev.bulwark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.backup.Retention;
import dev.bulwark.api.common.Condition;
import dev.bulwark.api.common.ConditionType;
import dev.bulwark.api.common.ResourceStatus;
import dev.bulwark.api.crd.BackupPolicyResource;
import dev.bulwark.api.crd.MigrationPlanResource;
import dev.bulwark.api.crd.RestoreDrillResource;
import dev.bulwark.api.migration.MigrationPhase;
import dev.bulwark.core.Environment;
import dev.bulwark.core.alerts.TestingAlertSink;
import dev.bulwark.core.reconcile.Controllers;
import dev.bulwark.core.reconcile.RuntimeServices;
import dev.bulwark.engine.testing.TestingClock;
import dev.bulwark.kubernetes.testing.TestingCustomResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real operator (java-operator-sdk and the core controllers) against fabric8's mock API server
 * in CRUD mode, serving the committed CRDs: what a user sees with kubectl.
 *
 * <p>The CRUD mock bumps {@code metadata.generation} on spec changes (PUT and PATCH outside {@code
 * /status} and {@code /metadata}) like a real API server, so tests need not set it; {@link
 * #theStatusFollowsSpecChanges} pins that, since JOSDK skips update events whose generation did not
 * change.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRuntimeTest {
  private static final String NAMESPACE = "team-a";
  // A Monday, between two incrementals: the default schedule is */5 for incrementals, 02:00 full.
  private static final String NOW = "2026-03-02T10:01:30Z";

  KubernetesMockServer server;
  KubernetesClient client;
  private final TestingClock clock = TestingClock.at(NOW);
  private KubernetesRuntime runtime;

  @BeforeEach
  void installCrds() {
    MockCluster.installCrds(client);
  }

  @AfterEach
  void stopOperator() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aValidPolicyGetsTheStatusTheCoreComputed() {
    start(KubernetesRuntimeSettings.defaults());

    create(TestingCustomResources.backupPolicy("nightly"));

    BackupPolicyResource policy = awaitGeneration(BackupPolicyResource.class, "nightly", 1);
    assertThat(policy.getStatus().conditions().isTrue(ConditionType.VALID)).isTrue();
    assertThat(condition(policy, ConditionType.READY).getReason()).isEqualTo("Scheduled");
    assertThat(policy.getStatus().getNextIncremental()).isEqualTo("2026-03-02T10:05:00Z");
    assertThat(policy.getStatus().getNextFull()).isEqualTo("2026-03-03T02:00:00Z");
    assertThat(policy.getStatus().getResolvedTarget()).isEqualTo("local");
    assertThat(condition(policy, ConditionType.READY).getLastTransitionTime()).isEqualTo(NOW);

    // Valid and Ready appear, and so do the four job conditions (no job has run in this runtime).
    List<Event> events = awaitEvents("BackupPolicy", "nightly", 6);
    assertThat(events)
        .extracting(Event::getType, Event::getReason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("Normal", "SpecValid"),
            org.assertj.core.groups.Tuple.tuple("Normal", "Scheduled"),
            org.assertj.core.groups.Tuple.tuple("Normal", "NoRunsYet"),
            org.assertj.core.groups.Tuple.tuple("Normal", "NoRunsYet"),
            org.assertj.core.groups.Tuple.tuple("Normal", "NoRunsYet"),
            org.assertj.core.groups.Tuple.tuple("Normal", "NoRunsYet"));
  }

  @Test
  void aNewRunNowAnnotationValueIsAnsweredOnceWithoutASpecChange() {
    start(KubernetesRuntimeSettings.defaults());
    create(TestingCustomResources.backupPolicy("nightly"));
    awaitGeneration(BackupPolicyResource.class, "nightly", 1);

    BackupPolicyResource annotated =
        edit(
            BackupPolicyResource.class,
            "nightly",
            p -> p.getMetadata().setAnnotations(Map.of("bulwark.dev/run-now", "1")));

    assertThat(annotated.getMetadata().getGeneration())
        .isEqualTo(1L); // metadata only: no new generation
    BackupPolicyResource answered =
        await(
            BackupPolicyResource.class,
            "nightly",
            p -> "1".equals(p.getStatus().getRunNowHandled()));
    assertThat(answered.getStatus().getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void theStatusFollowsSpecChanges() {
    start(KubernetesRuntimeSettings.defaults());
    create(TestingCustomResources.backupPolicy("nightly"));
    awaitGeneration(BackupPolicyResource.class, "nightly", 1);

    BackupPolicyResource edited =
        edit(
            BackupPolicyResource.class,
            "nightly",
            p -> p.getSpec().getSchedule().setIncremental("0 * * * *"));
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);
    BackupPolicyResource hourly = awaitGeneration(BackupPolicyResource.class, "nightly", 2);
    assertThat(hourly.getStatus().getNextIncremental()).isEqualTo("2026-03-02T11:00:00Z");
    assertThat(hourly.getStatus().conditions().isTrue(ConditionType.READY)).isTrue();

    edit(BackupPolicyResource.class, "nightly", p -> p.getSpec().setRetention(retention(200, 180)));
    BackupPolicyResource invalid = awaitGeneration(BackupPolicyResource.class, "nightly", 3);
    Condition ready = condition(invalid, ConditionType.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("SpecInvalid");
    assertThat(ready.getMessage()).contains("spec.retention.hotDays").contains("coldDays");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(invalid.getStatus().getNextIncremental()).isNull();

    // Created: Valid and Ready turn True; invalid: both turn False, as warnings.
    List<Event> events = awaitEvents("BackupPolicy", "nightly", 4);
    assertThat(events)
        .filteredOn(e -> e.getType().equals("Warning"))
        .extracting(Event::getReason)
        .containsExactly("SpecInvalid", "SpecInvalid");
  }

  @Test
  void aRestoreDrillIsReadyWhenItsPolicyExistsAndWaitsForOneThatDoesNot() {
    start(KubernetesRuntimeSettings.defaults());
    create(TestingCustomResources.backupPolicy("nightly"));
    awaitGeneration(BackupPolicyResource.class, "nightly", 1);

    create(TestingCustomResources.restoreDrill("weekly", "nightly"));
    create(TestingCustomResources.restoreDrill("orphan", "not-yet"));

    RestoreDrillResource weekly = awaitGeneration(RestoreDrillResource.class, "weekly", 1);
    assertThat(weekly.getStatus().conditions().isTrue(ConditionType.READY)).isTrue();
    assertThat(weekly.getStatus().getNextRun()).isNotNull();
    RestoreDrillResource orphan = awaitGeneration(RestoreDrillResource.class, "orphan", 1);
    assertThat(condition(orphan, ConditionType.READY).getStatus()).isEqualTo("False");
    assertThat(condition(orphan, ConditionType.READY).getReason()).isEqualTo("ReferenceNotFound");
    assertThat(condition(orphan, ConditionType.READY).getMessage()).contains("not-yet");

    // The BackupPolicyResource informer wakes the drill at once, not when its one-minute retry
    // comes.
    create(TestingCustomResources.backupPolicy("not-yet"));
    await(
        RestoreDrillResource.class,
        "orphan",
        d -> d.getStatus().conditions().isTrue(ConditionType.READY));
  }

  @Test
  void aRestoreDrillNoticesItsPolicysSpecTurningInvalid() {
    start(KubernetesRuntimeSettings.defaults());
    create(TestingCustomResources.backupPolicy("nightly"));
    create(TestingCustomResources.restoreDrill("weekly", "nightly"));
    await(
        RestoreDrillResource.class,
        "weekly",
        d -> d.getStatus().conditions().isTrue(ConditionType.READY));

    edit(BackupPolicyResource.class, "nightly", p -> p.getSpec().setRetention(retention(200, 180)));

    RestoreDrillResource warned =
        await(
            RestoreDrillResource.class,
            "weekly",
            d -> condition(d, ConditionType.VALID).getMessage().contains("'nightly' is invalid"));
    assertThat(warned.getStatus().conditions().isTrue(ConditionType.READY)).isTrue();
  }

  @Test
  void aValidMigrationPlanIsPending() {
    start(KubernetesRuntimeSettings.defaults());
    create(TestingCustomResources.backupPolicy("nightly"));
    awaitGeneration(BackupPolicyResource.class, "nightly", 1);

    create(TestingCustomResources.migrationPlan("profiles-v2", "nightly"));

    MigrationPlanResource plan = awaitGeneration(MigrationPlanResource.class, "profiles-v2", 1);
    assertThat(plan.getStatus().getPhase()).isEqualTo(MigrationPhase.PENDING);
    assertThat(plan.getStatus().conditions().isTrue(ConditionType.READY)).isTrue();
  }

  @Test
  void aDeletedPolicyIsNoLongerServedAndItsDependentsNoticeAtOnce() {
    start(KubernetesRuntimeSettings.defaults());
    create(TestingCustomResources.backupPolicy("nightly"));
    create(TestingCustomResources.restoreDrill("weekly", "nightly"));
    await(
        RestoreDrillResource.class,
        "weekly",
        d -> d.getStatus().conditions().isTrue(ConditionType.READY));
    Set<String> eventsBefore = eventNames();

    client
        .resources(BackupPolicyResource.class)
        .inNamespace(NAMESPACE)
        .withName("nightly")
        .delete();

    RestoreDrillResource orphaned =
        await(
            RestoreDrillResource.class,
            "weekly",
            d -> d.getStatus().conditions().isFalse(ConditionType.READY));
    assertThat(condition(orphaned, ConditionType.READY).getReason()).isEqualTo("ReferenceNotFound");
    assertThat(get(BackupPolicyResource.class, "nightly")).isNull();
    // The operator keeps serving: a new policy is reconciled as usual.
    create(TestingCustomResources.backupPolicy("replacement"));
    awaitGeneration(BackupPolicyResource.class, "replacement", 1);
    // Only the drill (Valid and Ready turned False) and the new policy (both True) caused Events:
    // nothing was recorded against the deleted policy.
    List<Event> after =
        Await.until(
            "events of the drill and the replacement",
            () ->
                client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(e -> !eventsBefore.contains(e.getMetadata().getName()))
                    .toList(),
            events -> events.size() >= 4);
    assertThat(after)
        .extracting(e -> e.getInvolvedObject().getName())
        .containsOnly("weekly", "replacement");
  }

  @Test
  void onlyTheWatchedNamespacesAreServed() {
    start(KubernetesRuntimeSettings.defaults().watching(Set.of(NAMESPACE)));
    BackupPolicyResource elsewhere = TestingCustomResources.backupPolicy("elsewhere");
    elsewhere.getMetadata().setNamespace("team-b");
    client.resource(elsewhere).create();

    create(TestingCustomResources.backupPolicy("nightly"));

    awaitGeneration(BackupPolicyResource.class, "nightly", 1);
    assertThat(
            client
                .resources(BackupPolicyResource.class)
                .inNamespace("team-b")
                .withName("elsewhere")
                .get()
                .getStatus())
        .isNull();
  }

  @Test
  void alertsFollowThePolicyEventsStillRecordEveryTransition() {
    TestingAlertSink alerts = new TestingAlertSink();
    start(KubernetesRuntimeSettings.defaults(), alerts);
    create(TestingCustomResources.backupPolicy("nightly"));
    awaitGeneration(BackupPolicyResource.class, "nightly", 1);
    awaitEvents("BackupPolicy", "nightly", 6);
    assertThat(alerts.sent())
        .as("good states seen for the first time: Events, not alerts")
        .isEmpty();

    edit(BackupPolicyResource.class, "nightly", p -> p.getSpec().setRetention(retention(200, 180)));
    awaitGeneration(BackupPolicyResource.class, "nightly", 2);
    assertThat(alerts.sent())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.namespace()).contains(NAMESPACE);
              assertThat(a.type()).isEqualTo("Valid");
              assertThat(a.status()).isEqualTo("False");
              assertThat(a.reason()).isEqualTo("SpecInvalid");
              assertThat(a.warning()).isTrue();
            });

    // A restart (a new leader) reconciles everything again and alerts nothing: the stored status is
    // the state already alerted. A further edit, still invalid the same way, proves it reconciled.
    runtime.close();
    start(KubernetesRuntimeSettings.defaults(), alerts);
    edit(
        BackupPolicyResource.class,
        "nightly",
        p -> p.getSpec().getSchedule().setIncremental("0 * * * *"));
    awaitGeneration(BackupPolicyResource.class, "nightly", 3);
    assertThat(alerts.sent()).hasSize(1);

    edit(BackupPolicyResource.class, "nightly", p -> p.getSpec().setRetention(retention(30, 180)));
    awaitGeneration(BackupPolicyResource.class, "nightly", 4);
    assertThat(alerts.sent()).hasSize(2);
    assertThat(alerts.sent().get(1))
        .satisfies(
            a -> {
              assertThat(a.type()).isEqualTo("Valid");
              assertThat(a.status()).isEqualTo("True");
              assertThat(a.warning()).isFalse();
            });
  }

  private Set<String> eventNames() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(e -> e.getMetadata().getName())
        .collect(java.util.stream.Collectors.toSet());
  }

  private void start(KubernetesRuntimeSettings settings) {
    runtime =
        new KubernetesRuntime(
            client, Controllers.standard(Environment.of(Map.of())), clock, settings);
    runtime.start();
  }

  private void start(KubernetesRuntimeSettings settings, TestingAlertSink alerts) {
    runtime =
        new KubernetesRuntime(
            client,
            Controllers.standard(Environment.of(Map.of())),
            clock,
            settings,
            RuntimeServices.alerting(alerts));
    runtime.start();
  }

  private <R extends CustomResource<?, ?>> void create(R resource) {
    resource.getMetadata().setNamespace(NAMESPACE);
    client.resource(resource).create();
  }

  private <R extends CustomResource<?, ?>> R get(Class<R> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  private <R extends CustomResource<?, ?>> R edit(
      Class<R> type, String name, java.util.function.Consumer<R> change) {
    UnaryOperator<R> editor =
        resource -> {
          change.accept(resource);
          return resource;
        };
    return client.resources(type).inNamespace(NAMESPACE).withName(name).edit(editor);
  }

  private <R extends CustomResource<?, ? extends ResourceStatus>> R await(
      Class<R> type, String name, java.util.function.Predicate<R> condition) {
    return Await.until(
        type.getSimpleName() + " " + name,
        () -> get(type, name),
        r -> r.getStatus() != null && condition.test(r));
  }

  private <R extends CustomResource<?, ? extends ResourceStatus>> R awaitGeneration(
      Class<R> type, String name, long generation) {
    return Await.until(
        type.getSimpleName() + " " + name + " with a status of generation " + generation,
        () -> get(type, name),
        r ->
            r.getStatus() != null
                && Objects.equals(r.getStatus().getObservedGeneration(), generation));
  }

  private List<Event> awaitEvents(String kind, String name, int count) {
    return Await.until(
        count + " Events of " + kind + " " + name,
        () ->
            client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList(),
        events -> events.size() >= count);
  }

  private static Condition condition(
      CustomResource<?, ? extends ResourceStatus> resource, ConditionType type) {
    return resource.getStatus().conditions().get(type).orElseThrow();
  }

  private static Retention retention(int hotDays, int coldDays) {
    Retention retention = new Retention();
    retention.setHotDays(hotDays);
    retention.setColdDays(coldDays);
    return retention;
  }
}
