/**
 * {@code bulwark validate}: linting folders of manifests for CI, every finding on one line as
 * {@code file:line: Kind/name: field: why} ({@link
 * dev.bulwark.manifests.validate.DirectoryValidator}).
 */
package dev.bulwark.manifests.validate;
