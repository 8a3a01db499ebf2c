/**
 * The {@code bulwark} executable: picocli commands over the core and both runtimes. This is the
 * only module that sees the compose shim and the Kubernetes runtime together.
 */
package dev.bulwark.cli;
