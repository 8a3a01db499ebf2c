package dev.bulwark.targets.lifecycle;

import java.time.Instant;

/** A listed object with the storage class the store reports for it (STANDARD, IA, ...). */
public record StoredObject(String key, long size, Instant lastModified, String storageClass) {}
