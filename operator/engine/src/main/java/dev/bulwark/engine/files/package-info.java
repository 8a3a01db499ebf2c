/** Writing files all or nothing: temporary file, fsync, rename, directory fsync. */
package dev.bulwark.engine.files;
