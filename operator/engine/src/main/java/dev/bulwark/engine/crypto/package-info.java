/**
 * Client-side encryption: the AES-256 {@link dev.bulwark.engine.crypto.EncryptionKey} and the
 * per-frame AES-GCM {@link dev.bulwark.engine.crypto.FrameCipher}.
 */
package dev.bulwark.engine.crypto;
