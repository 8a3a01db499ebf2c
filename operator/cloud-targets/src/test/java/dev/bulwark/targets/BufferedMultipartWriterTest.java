package dev.bulwark.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.engine.target.ObjectExistsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferedMultipartWriterTest {
  private static final int PART = 1_000;

  @Test
  void anObjectThatFitsInOnePartIsOneWholePut() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    writer.write(new byte[PART]);
    writer.commit();

    assertThat(writer.calls).containsExactly("putWhole 1000");
  }

  @Test
  void anEmptyObjectIsOneWholePut() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    writer.commit();

    assertThat(writer.calls).containsExactly("putWhole 0");
  }

  @Test
  void aLargerObjectIsUploadedInFullPartsAndARemainder() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    for (int i = 0; i < 25; i++) {
      writer.write(new byte[100]);
    }
    writer.write(7);
    writer.commit();

    assertThat(writer.calls)
        .containsExactly("start", "part 1 1000", "part 2 1000", "part 3 501", "complete");
    assertThat(writer.position()).isEqualTo(2_501);
    writer.close();
    assertThat(writer.calls).doesNotContain("abort");
  }

  @Test
  void aFailingPartAbortsTheUploadAndEndsTheWriter() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    writer.failPart = 2;

    assertThatThrownBy(() -> writer.write(new byte[2_500])).hasMessage("part 2 failed");
    assertThat(writer.calls).containsExactly("start", "part 1 1000", "abort");
    assertThatThrownBy(() -> writer.write(1)).hasMessageContaining("already finished");
    writer.close();
    assertThat(writer.calls).containsOnlyOnce("abort");
  }

  @Test
  void closeWithoutCommitAbortsAStartedUploadOnce() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    writer.write(new byte[1_500]);
    writer.close();
    writer.close();

    assertThat(writer.calls).containsExactly("start", "part 1 1000", "abort");
  }

  @Test
  void closeWithoutCommitBeforeAnyPartSendsNothing() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    writer.write(new byte[999]);
    writer.close();

    assertThat(writer.calls).isEmpty();
  }

  @Test
  void aCompleteThatMeetsAnExistingObjectAbortsAndReportsIt() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    writer.completeExists = true;
    writer.write(new byte[1_001]);

    assertThatThrownBy(writer::commit).isInstanceOf(ObjectExistsException.class);
    assertThat(writer.calls).endsWith("complete", "abort");
  }

  @Test
  void anAbortThatFailsIsLoggedNotThrown() throws Exception {
    TestingMultipartWriter writer = new TestingMultipartWriter();
    writer.abortFails = true;
    writer.write(new byte[1_001]);

    writer.close();
    assertThat(writer.calls).endsWith("abort");
  }

  /** Records the store operations instead of performing them. */
  private static final class TestingMultipartWriter extends BufferedMultipartWriter {
    final List<String> calls = new ArrayList<>();
    int failPart;
    boolean completeExists;
    boolean abortFails;

    TestingMultipartWriter() {
      super("key", PART);
    }

    @Override
    protected void putWhole(byte[] data, int length) {
      calls.add("putWhole " + length);
    }

    @Override
    protected void startMultipart() {
      calls.add("start");
    }

    @Override
    protected void uploadPart(int partNumber, byte[] data, int length) throws IOException {
      if (partNumber == failPart) {
        throw new IOException("part " + partNumber + " failed");
      }
      calls.add("part " + partNumber + " " + length);
    }

    @Override
    protected void completeMultipart() throws IOException {
      calls.add("complete");
      if (completeExists) {
        throw new ObjectExistsException("key");
      }
    }

    @Override
    protected void abortMultipart() throws IOException {
      calls.add("abort");
      if (abortFails) {
        throw new IOException("store unreachable");
      }
    }
  }
}
