/**
 * Progress reporting: the {@link dev.bulwark.engine.progress.ProgressListener} a CLI implements to
 * draw bars, the {@link dev.bulwark.engine.progress.Progress} samples it receives and the {@link
 * dev.bulwark.engine.progress.Phase}s operations go through.
 */
package dev.bulwark.engine.progress;
