/**
 * The Bulwark snapshot engine: full and incremental snapshots into a repository on a {@link
 * dev.bulwark.engine.target.Target}, restore, verify, prune. Start at {@link
 * dev.bulwark.engine.repository.Repository}; the engines live in the {@code backup}, {@code
 * restore}, {@code verify} and {@code prune} packages. Every error is an {@link
 * dev.bulwark.engine.EngineException}: this package holds only the errors and the engine's version,
 * so every other package may depend on it and it depends on none of them.
 */
package dev.bulwark.engine;
