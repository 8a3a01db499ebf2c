/**
 * The controllers' contract ({@link dev.bulwark.core.reconcile.Controller}: resource and context
 * in, status, actions and requeue time out) and the controllers of the three kinds, wired by {@link
 * dev.bulwark.core.reconcile.Controllers#standard}. Runtimes call them; they never call back.
 */
package dev.bulwark.core.reconcile;
