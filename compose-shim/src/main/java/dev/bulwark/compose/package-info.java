/**
 * Compose mode: the watched-directory runtime that serves manifests with the core controllers and
 * writes status files ({@link dev.bulwark.compose.ComposeRuntime}, {@link
 * dev.bulwark.compose.ComposeSettings}). Everything else here is its machinery: the directory
 * watcher, the single-threaded reconcile loop, and the bookkeeping of declarations and generations.
 */
package dev.bulwark.compose;
