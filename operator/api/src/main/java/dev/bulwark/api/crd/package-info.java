/**
 * The Kubernetes custom resources of the plain model, from which the CRDs in {@code crd-schemas/}
 * are generated, their schema constraints, and the mapping between them and the plain resources.
 */
package dev.bulwark.api.crd;
