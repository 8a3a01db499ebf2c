package dev.bulwark.core.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a dry run would do to one object.
 *
 * @param path the object (domain/relative)
 * @param fromVersion its version now
 * @param toVersion the version it would get
 * @param diff the fields it would gain, lose and change
 */
public record ObjectChange(
    @JsonProperty("path") String path,
    @JsonProperty("from_version") int fromVersion,
    @JsonProperty("to_version") int toVersion,
    @JsonProperty("diff") DocumentDiff diff) {}
