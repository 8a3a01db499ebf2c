/**
 * The release gate's inputs read from a cluster ({@code bulwark gate check --kubernetes}): {@link
 * dev.bulwark.kubernetes.gate.KubernetesGateInputs} lists one namespace's BackupPolicies and
 * RestoreDrills with their statuses for the core's gate.
 */
package dev.bulwark.kubernetes.gate;
