package dev.bulwark.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.api.common.SecretRef;

/** Client-side AES-256-GCM encryption; the key comes from an env variable or a file. */
public class Encryption {
  @JsonPropertyDescription("Where the 32-byte key (hex or base64) comes from.")
  private SecretRef keyFrom;

  public SecretRef getKeyFrom() {
    return keyFrom;
  }

  public void setKeyFrom(SecretRef keyFrom) {
    this.keyFrom = keyFrom;
  }
}
