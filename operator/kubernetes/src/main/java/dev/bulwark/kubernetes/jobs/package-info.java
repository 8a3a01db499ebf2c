/**
 * Runs as Kubernetes Jobs: the second implementation of the core's run executor port, for backups
 * and drills of policies whose PersistentVolumeClaims only a pod that mounts them can read. The
 * operator records each run, hands it to a Job's pod ({@code bulwark execute}), and records its end
 * from the pod's termination message; a fresh operator adopts the Jobs it finds.
 */
package dev.bulwark.kubernetes.jobs;
