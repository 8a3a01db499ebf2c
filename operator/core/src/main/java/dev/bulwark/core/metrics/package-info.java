/**
 * Prometheus metrics of the operator (R23): backup and restore runs, durations, freshness and
 * snapshot sizes, recorded through {@link dev.bulwark.core.metrics.OperatorMetrics}. Each metric is
 * described in docs/metrics.md.
 */
package dev.bulwark.core.metrics;
