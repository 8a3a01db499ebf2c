/**
 * The seekable index (docs/format.md, "Seekable index"): a path-sorted object of small compressed,
 * optionally sealed blocks and a table of their first paths and hashes, written beside each
 * manifest, so that a lookup of one path reads the table and one block instead of the manifests.
 */
package dev.bulwark.engine.index;
