/**
 * What a runtime serves, seen from outside: each resource with its last status ({@link
 * dev.bulwark.core.overview.ResourceView}), the release gate, and a health verdict per resource
 * ({@link dev.bulwark.core.overview.ResourceHealth}). The status page, {@code bulwark status} and
 * the metrics read it through {@link dev.bulwark.core.overview.ServedResources}, which each runtime
 * provides: compose mode from its status files and gate.json, Kubernetes from the operator's
 * caches.
 */
package dev.bulwark.core.overview;
