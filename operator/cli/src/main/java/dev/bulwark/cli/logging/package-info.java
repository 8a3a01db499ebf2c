/**
 * The {@code bulwark} executable's SLF4J backend: one line per event on stderr, as text or JSON, at
 * the level {@code --quiet}, {@code --verbose} or {@code BULWARK_LOG_LEVEL} chose. A few classes
 * instead of a logging framework, because every command pays for its start-up (docs/operations.md,
 * "Logs").
 */
package dev.bulwark.cli.logging;
