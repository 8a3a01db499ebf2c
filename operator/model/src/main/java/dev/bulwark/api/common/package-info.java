/**
 * What every resource shares: its {@link dev.bulwark.api.common.ResourceRef reference}, the plain
 * {@link dev.bulwark.api.common.Resource resource} the controllers work on, conditions, and
 * references to Secrets.
 */
package dev.bulwark.api.common;
