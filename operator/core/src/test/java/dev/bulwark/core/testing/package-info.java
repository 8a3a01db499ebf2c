/**
 * Fakes shared with the other modules' tests through the test-jar: valid {@link
 * dev.bulwark.core.testing.TestingResources} (the clock is the engine's {@link
 * dev.bulwark.engine.testing.TestingClock}).
 */
package dev.bulwark.core.testing;
