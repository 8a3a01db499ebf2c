package dev.bulwark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.ObjectExistsException;
import dev.bulwark.engine.target.ObjectInfo;
import dev.bulwark.engine.target.ObjectNotFoundException;
import dev.bulwark.engine.target.ObjectPage;
import dev.bulwark.engine.target.ObjectWriter;
import dev.bulwark.engine.target.Target;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Target contract, on the local directory. */
class LocalTargetTest {
  @TempDir Path tmp;
  private LocalTarget target;

  @BeforeEach
  void setUp() throws Exception {
    target = new LocalTarget(tmp.resolve("t"));
  }

  @Test
  void putIsWriteOnceAndReplaceIsAtomicOverwrite() throws Exception {
    target.put("a/b.txt", bytes("one"), Map.of());
    assertThatThrownBy(() -> target.put("a/b.txt", bytes("two"), Map.of()))
        .isInstanceOf(ObjectExistsException.class)
        .hasMessageContaining("a/b.txt");
    assertThat(target.read("a/b.txt", 100)).isEqualTo(bytes("one"));
    target.replace("state/latest.json", bytes("{\"v\":1}"));
    target.replace("state/latest.json", bytes("{\"v\":2}"));
    assertThat(target.read("state/latest.json", 100)).isEqualTo(bytes("{\"v\":2}"));
  }

  @Test
  void uncommittedWritesAreInvisibleAndAbortable() throws Exception {
    ObjectWriter writer = target.create("job/pack.tar.zst", Map.of());
    writer.write(bytes("partial"));
    assertThat(target.head("job/pack.tar.zst")).isEmpty();
    assertThat(target.list("job/", null, 10).objects()).isEmpty();
    target.abortIncompleteWrites("job/");
    assertThatThrownBy(writer::commit).isInstanceOf(Exception.class);
    writer.close();
    assertThat(target.head("job/pack.tar.zst")).isEmpty();
    try (var partial = Files.walk(tmp.resolve("t"))) {
      assertThat(partial.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void rangedGetReadsExactlyTheRange() throws Exception {
    target.put("r.bin", bytes("0123456789"), Map.of());
    try (InputStream in = target.getRange("r.bin", 3, 4)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
    }
    assertThatThrownBy(() -> target.getRange("r.bin", 8, 5)).hasMessageContaining("outside");
    assertThatThrownBy(() -> target.get("missing")).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void listingIsOrderedPaginatedAndPrefixFiltered() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      String key = String.format("cat/p/%05d.json", i);
      keys.add(key);
      target.put(key, bytes("x"), Map.of());
    }
    target.put("cat/q/other.json", bytes("x"), Map.of());
    ObjectPage first = target.list("cat/p/", null, 1000);
    assertThat(first.truncated()).isTrue();
    assertThat(first.objects()).hasSize(1000);
    ObjectPage second = target.list("cat/p/", first.objects().get(999).key(), 1000);
    assertThat(second.objects().get(0).key()).isEqualTo("cat/p/01000.json");
    List<String> all = new ArrayList<>();
    Iterator<ObjectInfo> it = target.listAll("cat/p/");
    it.forEachRemaining(o -> all.add(o.key()));
    assertThat(all).containsExactlyElementsOf(keys);
    assertThat(target.list("cat/p/001", null, 1000).objects()).hasSize(100);
    Target paged = pagedView(target);
    List<String> viaPages = new ArrayList<>();
    paged.listAll("cat/p/").forEachRemaining(o -> viaPages.add(o.key()));
    assertThat(viaPages).containsExactlyElementsOf(keys);
  }

  @Test
  void tagsAreStoredBesideTheObjectAndDeleteIsIdempotent() throws Exception {
    target.put("t.bin", bytes("x"), Map.of("tier", "hot", "expire_after_days", "180"));
    assertThat(target.tags("t.bin")).containsEntry("tier", "hot").hasSize(2);
    target.setTags("t.bin", Map.of("tier", "cold"));
    assertThat(target.tags("t.bin")).containsExactlyEntriesOf(Map.of("tier", "cold"));
    assertThat(target.list("", null, 10).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("t.bin");
    target.delete("t.bin");
    target.delete("t.bin");
    assertThatThrownBy(() -> target.tags("t.bin")).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void keysCannotEscapeTheRoot() {
    for (String bad : List.of("../x", "/abs", "a/../b", "a//b", "a/./b", ".bulwark-tags/x", "")) {
      assertThatThrownBy(() -> target.put(bad, bytes("x"), Map.of()))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** The interface's default page-by-page listing, as remote targets use it. */
  private static Target pagedView(LocalTarget local) {
    return (Target)
        java.lang.reflect.Proxy.newProxyInstance(
            Target.class.getClassLoader(),
            new Class<?>[] {Target.class},
            (proxy, method, args) -> {
              if (method.getName().equals("listAll")) {
                return java.lang.invoke.MethodHandles.privateLookupIn(
                        Target.class, java.lang.invoke.MethodHandles.lookup())
                    .unreflectSpecial(method, Target.class)
                    .bindTo(proxy)
                    .invokeWithArguments(args);
              }
              return method.invoke(local, args);
            });
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
