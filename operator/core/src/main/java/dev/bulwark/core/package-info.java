/**
 * Bulwark's runtime-agnostic core: the controllers' logic, validation and schedules. Nothing here
 * knows of Kubernetes clients, java-operator-sdk, or of resources stored as files; the adapters
 * (compose shim, Kubernetes runtime) translate to and from it. The enforcer plugin keeps it so.
 */
package dev.bulwark.core;
