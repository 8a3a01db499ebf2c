/**
 * Reading Bulwark manifests: multi-document YAML files bound to the resource model, with every
 * document, field and problem located at its line ({@link dev.bulwark.manifests.ManifestReader},
 * {@link dev.bulwark.manifests.FieldLocator}), and the compose-mode resolution of relative source
 * paths ({@link dev.bulwark.manifests.SourcePaths}).
 */
package dev.bulwark.manifests;
