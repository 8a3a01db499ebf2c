/**
 * The Bulwark snapshot engine: full and incremental snapshots into a repository on a {@link
 * dev.bulwark.engine.target.Target}, restore, verify, prune. Start at {@link
 * dev.bulwark.engine.Repository}; the engines live in the {@code backup}, {@code restore}, {@code
 * verify} and {@code retention} packages. Every error is an {@link
 * dev.bulwark.engine.EngineException}.
 */
package dev.bulwark.engine;
