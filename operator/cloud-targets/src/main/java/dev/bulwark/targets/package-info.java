/**
 * Object-store targets for the snapshot engine: what S3 and OSS share. {@link
 * dev.bulwark.targets.BufferedMultipartWriter} turns the engine's streaming write-once upload into
 * a single PUT for small objects and a multipart upload (aborted on any failure) for large ones;
 * {@link dev.bulwark.targets.ObjectKeys} checks keys and applies a target's key prefix. The stores
 * themselves live in {@code dev.bulwark.targets.s3} and {@code dev.bulwark.targets.oss}, bucket
 * lifecycle (hot/cold tiers) in {@code dev.bulwark.targets.lifecycle}.
 */
package dev.bulwark.targets;
