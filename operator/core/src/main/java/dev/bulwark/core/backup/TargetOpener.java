package dev.bulwark.core.backup;

import dev.bulwark.api.backup.BackupPolicy;
import dev.bulwark.engine.target.Target;
import java.io.IOException;

/** Opens the target of one provider for a policy, from its settings and the environment. */
@FunctionalInterface
public interface TargetOpener {

  /** Opens (without writing) the store the policy's jobs write to on this provider. */
  Target open(BackupPolicy policy) throws IOException;
}
