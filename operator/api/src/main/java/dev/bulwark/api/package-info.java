/**
 * The Bulwark resource model ({@code bulwark.dev/v1alpha1}): BackupPolicy, RestoreDrill and
 * MigrationPlan with their specs and statuses. The CRDs in {@code crd-schemas/} are generated from
 * these classes; change a field here, then regenerate them.
 */
package dev.bulwark.api;
