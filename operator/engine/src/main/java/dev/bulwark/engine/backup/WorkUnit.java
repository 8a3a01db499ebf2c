package dev.bulwark.engine.backup;

import java.util.List;

/**
 * A batch of entries of one source handed to a worker in one queue operation, so the hand-off costs
 * once per few hundred small files rather than once per file.
 */
record WorkUnit(String domain, List<PendingEntry> entries) {}
