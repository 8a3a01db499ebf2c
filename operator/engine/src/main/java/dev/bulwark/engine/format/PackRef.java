package dev.bulwark.engine.format;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A row of a manifest's {@code packs} table: a pack id that file entries name, and its key (the
 * pack may have been written by an earlier job of the same full cycle).
 */
public record PackRef(@JsonProperty("id") String id, @JsonProperty("key") String key) {}
