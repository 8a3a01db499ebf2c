package dev.bulwark.kubernetes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in API server authenticates, authorizes, admits and collects like a real one. */
class TestingApiServerTest {
  private static final UserInfo READER = UserInfo.serviceAccount("ops", "reader");

  private final TestingApiServer api = TestingApiServer.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aRequestWithoutATokenOrForAMissingAccountIsUnauthorized() {
    try (KubernetesClient anonymous =
        new KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(api.url()).build())
            .build()) {
      assertThatThrownBy(() -> anonymous.configMaps().inNamespace("ops").list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
    KubernetesClient missing = api.clientAs(READER);
    assertThatThrownBy(() -> missing.configMaps().inNamespace("ops").list())
        .as("the ServiceAccount does not exist yet")
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
  }

  @Test
  void whatRbacDoesNotGrantIsForbiddenWithTheApiServersStatus() {
    createReader("configmaps", "get");
    api.admin()
        .configMaps()
        .inNamespace("ops")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .addToData("k", "v")
                .build())
        .create();
    KubernetesClient reader = api.clientAs(READER);

    assertThat(reader.configMaps().inNamespace("ops").withName("settings").get().getData())
        .containsEntry("k", "v");
    assertThatThrownBy(() -> reader.configMaps().inNamespace("ops").list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "configmaps is forbidden: User \"system:serviceaccount:ops:reader\" cannot"
                          + " list resource \"configmaps\" in API group \"\" in the namespace"
                          + " \"ops\"");
            });
    assertThat(api.audit().refusals())
        .singleElement()
        .satisfies(e -> assertThat(e.request().permission()).isEqualTo("list core configmaps"));
  }

  @Test
  void aRulesReviewAnswersTheRulesThatApplyInItsNamespace() {
    createReader("configmaps", "get");
    SelfSubjectRulesReview review =
        api.clientAs(READER)
            .resource(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace("ops")
                    .endSpec()
                    .build())
            .create();

    assertThat(review.getStatus().getIncomplete()).isFalse();
    assertThat(review.getStatus().getResourceRules())
        .anySatisfy(
            rule -> {
              assertThat(rule.getResources()).containsExactly("configmaps");
              assertThat(rule.getVerbs()).containsExactly("get");
            })
        .noneSatisfy(rule -> assertThat(rule.getVerbs()).contains("*"));
    assertThat(review.getStatus().getNonResourceRules())
        .anySatisfy(r -> assertThat(r.getNonResourceURLs()).contains("/version"));
  }

  @Test
  void aJobGetsTheApiServersDefaultsAndAnInvalidOneIsRefused() {
    Job stored =
        api.admin()
            .batch()
            .v1()
            .jobs()
            .inNamespace("ops")
            .resource(job("backup", "Never"))
            .create();
    assertThat(stored.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(stored.getSpec().getCompletions()).isEqualTo(1);
    assertThat(stored.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("batch.kubernetes.io/job-name", "backup")
        .containsEntry("batch.kubernetes.io/controller-uid", stored.getMetadata().getUid());

    assertThatThrownBy(
            () ->
                api.admin()
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace("ops")
                    .resource(job("bad", "Always"))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage()).contains("spec.template.spec.restartPolicy");
            });
  }

  @Test
  void deletingAJobOrphansItsPodsUnlessThePropagationSaysOtherwise() {
    Job orphaning =
        api.admin().batch().v1().jobs().inNamespace("ops").resource(job("a", "Never")).create();
    Job propagating =
        api.admin().batch().v1().jobs().inNamespace("ops").resource(job("b", "Never")).create();
    podOf(orphaning);
    podOf(propagating);

    // Without DeleteOptions (a bare DELETE, as some clients send it) a batch/v1 Job orphans its
    // pods.
    api.admin()
        .batch()
        .v1()
        .jobs()
        .inNamespace("ops")
        .withName("a")
        .withPropagationPolicy(null)
        .delete();
    api.admin()
        .batch()
        .v1()
        .jobs()
        .inNamespace("ops")
        .withName("b")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    api.settleGarbageCollection();

    assertThat(
            api.admin()
                .pods()
                .inNamespace("ops")
                .withName("a-pod")
                .get()
                .getMetadata()
                .getOwnerReferences())
        .as("orphaned: kept, without its owner")
        .isEmpty();
    assertThat(api.admin().pods().inNamespace("ops").withName("b-pod").get())
        .as("collected")
        .isNull();
  }

  private void createReader(String resource, String verb) {
    api.admin()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("ops").endMetadata().build())
        .create();
    api.admin()
        .serviceAccounts()
        .inNamespace("ops")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();
    api.admin()
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("reader")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources(resource)
                        .withVerbs(verb)
                        .build())
                .build())
        .create();
    api.admin()
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("reader")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "reader")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("reader")
                .withNamespace("ops")
                .endSubject()
                .build())
        .create();
  }

  private void podOf(Job job) {
    api.admin()
        .pods()
        .inNamespace("ops")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-pod")
                .addNewOwnerReference()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static Job job(String name, String restartPolicy) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .withCommand("true")
        .endContainer()
        .withRestartPolicy(restartPolicy)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
