/**
 * The release gate (R17): whether CI may ship, decided from the statuses of the BackupPolicies and
 * RestoreDrills a runtime serves. {@link dev.bulwark.core.gate.ReleaseGate} is a pure evaluation
 * over {@link dev.bulwark.core.gate.GateInputs}; {@link dev.bulwark.core.gate.GateFile} stores its
 * {@link dev.bulwark.core.gate.GateDecision} as {@code gate.json}, the contract CI reads.
 */
package dev.bulwark.core.gate;
