/**
 * A stand-in cluster for tests, shared with the CLI's integration tests through this module's
 * test-jar. No cluster runs where the tests run, so these are small real implementations, strict
 * rather than kind:
 *
 * <ul>
 *   <li>{@link dev.bulwark.kubernetes.testing.TestingApiServer}: fabric8's CRUD mock behind bearer
 *       tokens and Kubernetes' RBAC authorizer ({@link
 *       dev.bulwark.kubernetes.testing.RbacAuthorizer} over the Roles and bindings it stores);
 *       apply the shipped base with {@link dev.bulwark.kubernetes.testing.KustomizeBase} and talk
 *       as its ServiceAccount; every refusal is in its {@link
 *       dev.bulwark.kubernetes.testing.ApiAudit}.
 *   <li>{@link dev.bulwark.kubernetes.testing.TestingKubelet}: the Job controller, scheduler and
 *       kubelet of one node; each pod's container runs as a sandboxed local process of a {@link
 *       dev.bulwark.kubernetes.testing.ContainerImage} (for Bulwark's own image, {@link
 *       dev.bulwark.kubernetes.testing.DockerfileImage#finalStage} of compose-shim/Dockerfile with
 *       the packaged jar).
 * </ul>
 *
 * <p>A Job executor test: start both, {@code api.apply(KustomizeBase.shipped())}, register the
 * image, {@code kubelet.provideClaim("team-a", "exams", dir)} for each claim a policy names, run
 * the operator with {@code api.clientAs(base.serviceAccount())}, then await the Job's {@code
 * Complete} or {@code Failed} condition and the policy's status, and assert {@code
 * api.audit().refusals()} and {@code kubelet.problems()} are empty.
 */
package dev.bulwark.kubernetes.testing;
