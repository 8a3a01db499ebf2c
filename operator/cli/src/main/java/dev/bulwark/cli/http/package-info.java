/**
 * The operator's HTTP endpoints for Prometheus and probes: {@code /metrics}, {@code /healthz} and
 * {@code /readyz}, served by the JDK's built-in HTTP server.
 */
package dev.bulwark.cli.http;
