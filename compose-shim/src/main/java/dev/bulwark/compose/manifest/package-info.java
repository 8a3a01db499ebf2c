/**
 * Reading Bulwark manifests: multi-document YAML files bound to the resource model, with every
 * document, field and problem located at its line ({@link
 * dev.bulwark.compose.manifest.ManifestReader}, {@link dev.bulwark.compose.manifest.FieldLocator}),
 * and the compose-mode resolution of relative source paths ({@link
 * dev.bulwark.compose.manifest.SourcePaths}).
 */
package dev.bulwark.compose.manifest;
