/**
 * PostgreSQL databases as backup sources (R5): {@code pg_dump} in custom format streamed into a
 * snapshot, and {@code pg_restore} of a stored dump into a named database. Passwords reach the
 * client tools only through their environment (PGPASSWORD), never argv, logs or messages.
 */
package dev.bulwark.core.postgres;
