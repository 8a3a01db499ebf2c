/**
 * The Kubernetes runtime of {@code bulwark operator}: java-operator-sdk on a fabric8 client,
 * registering one reconciler per kind that only translates between the SDK and the core
 * controllers. {@link dev.bulwark.kubernetes.KubernetesRuntime} is the entry point the CLI uses.
 */
package dev.bulwark.kubernetes;
