/**
 * RestoreDrill: a scheduled proof that a policy's backups restore (objects, a time window or the
 * whole system), with its objectives and the measured RPO and RTO of each run.
 */
package dev.bulwark.api.drill;
