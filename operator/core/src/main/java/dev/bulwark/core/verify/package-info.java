/**
 * Periodic verification of a policy's repository (R16): a sampled verify with read-data on the
 * policy's verify schedule, recorded run by run like drills, shown in the status (the Verified
 * condition) and seen by the release gate.
 */
package dev.bulwark.core.verify;
