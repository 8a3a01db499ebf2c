/**
 * Fakes shared with the other modules' tests through the test-jar: a {@link
 * dev.bulwark.core.testing.TestingClock} and valid {@link
 * dev.bulwark.core.testing.TestingResources}.
 */
package dev.bulwark.core.testing;
