/**
 * The Bulwark resource model ({@code bulwark.dev/v1alpha1}) as plain Java: the specs and statuses
 * of BackupPolicy, RestoreDrill, MigrationPlan and ReplayPlan, and the plain resources carrying
 * them, free of any Kubernetes type. The CRDs in {@code crd-schemas/} are generated from the custom
 * resources of operator/api ({@code dev.bulwark.api.crd}), which carry these specs and statuses;
 * change a field here (or a constraint in {@code SchemaConstraints}), then regenerate them.
 */
package dev.bulwark.api;
