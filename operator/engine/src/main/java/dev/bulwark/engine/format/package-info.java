/**
 * The repository format: object layout ({@link dev.bulwark.engine.format.RepositoryLayout}), job
 * ids, the manifest and catalog documents and their JSON codec. docs/format.md is the normative
 * description; these types are its executable form.
 */
package dev.bulwark.engine.format;
