package dev.bulwark.engine.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens frames with AES-256-GCM (docs/format.md, "Encryption").
 *
 * <pre>
 * sealed_frame = L (u32 big-endian) || nonce (12 random bytes) || ciphertext || tag (16 bytes)
 *                where L = len(ciphertext) + 16
 * AAD          = "bulwark-frame-v1" || 0x00 || pack_id (ASCII) || 0x00 || offset (u64 BE) || L (u32 BE)
 * </pre>
 *
 * The AAD binds a frame to its pack and its byte offset: a frame copied into another pack or moved
 * to another place fails authentication. Not thread-safe: one instance per thread.
 */
public final class FrameCipher {
  /** Bytes a sealed frame adds to its plaintext: length, nonce and tag. */
  public static final int OVERHEAD = 4 + 12 + 16;

  private static final byte[] AAD_PREFIX = "bulwark-frame-v1".getBytes(StandardCharsets.US_ASCII);
  // Larger single Cipher calls are markedly slower on the JDK's GCM; 64 KiB slices keep it fast.
  private static final int SLICE = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EncryptionKey key;
  private final Cipher cipher;

  public FrameCipher(EncryptionKey key) {
    this.key = key;
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/GCM", e);
    }
  }

  /** Seals {@code plain[offset, offset+length)} as the frame at {@code frameOffset} of a pack. */
  public byte[] seal(byte[] plain, int offset, int length, String packId, long frameOffset) {
    int sealedLength = length + 16;
    byte[] out = new byte[4 + 12 + sealedLength];
    ByteBuffer.wrap(out).putInt(sealedLength);
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 4, 12);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(128, out, 4, 12));
      cipher.updateAAD(aad(packId, frameOffset, sealedLength));
      int written = 16;
      for (int pos = 0; pos < length; pos += SLICE) {
        int n = Math.min(SLICE, length - pos);
        written += cipher.update(plain, offset + pos, n, out, written);
      }
      cipher.doFinal(out, written);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM sealing failed", e);
    }
    return out;
  }

  /**
   * Opens a sealed frame body ({@code nonce || ciphertext || tag}, i.e. without the length word)
   * whose length word was {@code sealedLength}. Throws {@link AEADBadTagException} when the key is
   * wrong or the frame was changed or moved.
   */
  public byte[] open(byte[] body, String packId, long frameOffset, int sealedLength)
      throws AEADBadTagException {
    try {
      cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(128, body, 0, 12));
      cipher.updateAAD(aad(packId, frameOffset, sealedLength));
      byte[] out = new byte[sealedLength - 16];
      int written = 0;
      for (int pos = 12; pos < body.length; pos += SLICE) {
        int n = Math.min(SLICE, body.length - pos);
        written += cipher.update(body, pos, n, out, written);
      }
      cipher.doFinal(out, written);
      return out;
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM opening failed", e);
    }
  }

  private static byte[] aad(String packId, long frameOffset, int sealedLength) {
    byte[] id = packId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(AAD_PREFIX.length + 1 + id.length + 1 + 8 + 4)
        .put(AAD_PREFIX)
        .put((byte) 0)
        .put(id)
        .put((byte) 0)
        .putLong(frameOffset)
        .putInt(sealedLength)
        .array();
  }
}
