package dev.bulwark.engine.target;

import java.time.Instant;

/** One listed or inspected object: its key, size in bytes and last modification time. */
public record ObjectInfo(String key, long size, Instant lastModified) {}
