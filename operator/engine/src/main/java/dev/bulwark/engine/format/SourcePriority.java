package dev.bulwark.engine.format;

/** Source priority: P0 sources are read and packed first, then P1, then P2. */
public enum SourcePriority {
  P0,
  P1,
  P2
}
