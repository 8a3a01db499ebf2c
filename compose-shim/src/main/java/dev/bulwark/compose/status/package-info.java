/**
 * Compose mode's state directory: its layout ({@link dev.bulwark.compose.status.StateLayout}) and
 * the per-resource status envelopes ({@link dev.bulwark.compose.status.StatusFile}) that the
 * runtime writes atomically and {@code bulwark status} and CI read ({@link
 * dev.bulwark.compose.status.StatusFileStore}).
 */
package dev.bulwark.compose.status;
