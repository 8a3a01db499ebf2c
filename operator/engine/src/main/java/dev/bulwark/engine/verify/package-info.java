/**
 * Verifying repositories (R16): {@link dev.bulwark.engine.verify.Verifier} checks manifests and
 * objects, reads data with {@code readData}, and samples for periodic checks, returning a {@link
 * dev.bulwark.engine.verify.VerifyReport} of {@link dev.bulwark.engine.verify.VerifyProblem}s.
 */
package dev.bulwark.engine.verify;
