/**
 * BackupPolicy: what to back up (directories tagged with a data domain, PostgreSQL dumps), how
 * often, to exactly one target, how long to keep it, and the status its runs report.
 */
package dev.bulwark.api.backup;
