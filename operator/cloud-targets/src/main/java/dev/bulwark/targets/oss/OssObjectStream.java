package dev.bulwark.targets.oss;

import com.aliyun.oss.model.OSSObject;
import java.io.FilterInputStream;
import java.io.IOException;

/**
 * The body of a GetObject response. Closing it before the end aborts the connection instead of
 * letting HttpClient read the rest of a possibly large object just to reuse the connection.
 */
final class OssObjectStream extends FilterInputStream {
  private final OSSObject object;
  private boolean atEnd;

  OssObjectStream(OSSObject object) {
    super(object.getObjectContent());
    this.object = object;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    atEnd |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    atEnd |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (atEnd) {
      object.close();
    } else {
      abort(object);
    }
  }

  static void abort(OSSObject object) {
    try {
      object.forcedClose();
    } catch (IOException e) {
      // The connection is being thrown away; there is nothing left to release.
    }
  }
}
