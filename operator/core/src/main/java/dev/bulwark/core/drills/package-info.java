/** Restore drills: runs that prove backups restore, their history and the restore audit. */
package dev.bulwark.core.drills;
