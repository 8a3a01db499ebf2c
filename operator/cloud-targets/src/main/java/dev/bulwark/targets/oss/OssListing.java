package dev.bulwark.targets.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObjectSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Every object under a prefix, one ListObjectsV2 page at a time, following continuation tokens. */
final class OssListing<T> implements Iterator<T> {
  private final OSS oss;
  private final String bucket;
  private final String prefix;
  private final int pageSize;
  private final Function<OSSObjectSummary, T> mapping;
  private final OssErrors errors;
  private List<OSSObjectSummary> page;
  private int index;
  private String nextToken;

  OssListing(
      OSS oss,
      String bucket,
      String prefix,
      int pageSize,
      Function<OSSObjectSummary, T> mapping,
      OssErrors errors)
      throws IOException {
    this.oss = oss;
    this.bucket = bucket;
    this.prefix = prefix;
    this.pageSize = pageSize;
    this.mapping = mapping;
    this.errors = errors;
    fetch(null); // the first page now, so that its failure is an IOException of the caller
  }

  @Override
  public boolean hasNext() {
    while (index >= page.size()) {
      if (nextToken == null) {
        return false;
      }
      try {
        fetch(nextToken);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return mapping.apply(page.get(index++));
  }

  private void fetch(String token) throws IOException {
    ListObjectsV2Request request =
        new ListObjectsV2Request(bucket).withPrefix(prefix).withMaxKeys(pageSize);
    if (token != null) {
      request.setContinuationToken(token);
    }
    try {
      ListObjectsV2Result result = oss.listObjectsV2(request);
      page = result.getObjectSummaries();
      index = 0;
      nextToken = result.isTruncated() ? result.getNextContinuationToken() : null;
    } catch (OSSException | ClientException e) {
      throw errors.failed("list", prefix, e);
    }
  }
}
