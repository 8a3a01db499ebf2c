/**
 * The java-operator-sdk side of each kind: {@link dev.bulwark.kubernetes.reconcile.CoreReconciler}
 * turns a JOSDK reconcile into a core {@code Controller} call and its result into a status patch, a
 * reschedule and Kubernetes Events. Per-kind subclasses exist only so that JOSDK can read the
 * resource class from their generic superclass.
 */
package dev.bulwark.kubernetes.reconcile;
