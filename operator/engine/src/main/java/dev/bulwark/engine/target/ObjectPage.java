package dev.bulwark.engine.target;

import java.util.List;

/** One page of a listing; {@code truncated} says whether more keys follow the last one. */
public record ObjectPage(List<ObjectInfo> objects, boolean truncated) {
  public ObjectPage {
    objects = List.copyOf(objects);
  }
}
