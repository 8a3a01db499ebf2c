/**
 * The append-only audit trail (R24): who or what triggered each backup, prune, restore and change.
 */
package dev.bulwark.core.audit;
