/** Shared test support: real file trees, a settable clock and faulty targets. */
package dev.bulwark.engine.testing;
