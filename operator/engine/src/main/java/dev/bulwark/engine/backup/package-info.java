/**
 * Taking snapshots: {@link dev.bulwark.engine.backup.BackupEngine} runs a {@link
 * dev.bulwark.engine.backup.BackupRequest} over {@link dev.bulwark.engine.backup.SourceDirectory}s
 * and returns a {@link dev.bulwark.engine.backup.BackupResult}. Internally a scanner classifies
 * entries against the parent snapshot while worker threads read, hash and pack changed content,
 * uploading through the job's optional bandwidth limit and upload-slot bound.
 */
package dev.bulwark.engine.backup;
