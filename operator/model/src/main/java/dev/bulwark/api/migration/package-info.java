/**
 * MigrationPlan: schema_version migrations of documents, step by step, after a pre-migration
 * snapshot, with rollback and the status of each run.
 */
package dev.bulwark.api.migration;
