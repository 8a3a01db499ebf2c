/**
 * Storage targets: the {@link dev.bulwark.engine.target.Target} contract every store implements
 * (write-once put, streaming create, ranged get, paginated list, delete, tags) and {@link
 * dev.bulwark.engine.target.LocalTarget}, the directory implementation. S3 and OSS implement the
 * same contract; bucket lifecycle reconciliation is a separate interface that sits beside it, not
 * in it, because only the tiering code needs it.
 */
package dev.bulwark.engine.target;
