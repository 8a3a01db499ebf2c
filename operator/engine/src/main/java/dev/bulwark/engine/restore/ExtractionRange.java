package dev.bulwark.engine.restore;

import dev.bulwark.engine.format.FileEntry;
import java.util.List;

/** A byte range of one pack read in one ranged GET, and the files whose data lies in it. */
record ExtractionRange(String packId, String key, long start, long end, List<FileEntry> files) {}
