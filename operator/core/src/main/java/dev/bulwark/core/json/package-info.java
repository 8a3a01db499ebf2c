/**
 * The one casing rule of Bulwark's JSON: every field name Bulwark defines, in files and in {@code
 * --json} output, is snake_case, as the repository format and the seeds' records are; the fields of
 * a Kubernetes object ({@code apiVersion}, {@code metadata}, {@code spec}, {@code status}) keep the
 * Kubernetes API's camelCase, because they are that object.
 */
package dev.bulwark.core.json;
