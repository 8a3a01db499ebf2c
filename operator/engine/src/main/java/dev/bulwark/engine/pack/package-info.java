/**
 * The pack format: tar entries ({@link dev.bulwark.engine.pack.TarHeaders}) in zstd frames,
 * optionally sealed with AES-GCM, concatenated so an unencrypted pack is a plain {@code .tar.zst}.
 * {@link dev.bulwark.engine.pack.PackWriter} writes packs, {@link
 * dev.bulwark.engine.pack.PackReader} and {@link dev.bulwark.engine.pack.FrameDecoder} read them
 * back with bounded memory.
 */
package dev.bulwark.engine.pack;
