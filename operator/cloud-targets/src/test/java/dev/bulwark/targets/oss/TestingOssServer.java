package dev.bulwark.targets.oss;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An OSS-protocol endpoint on loopback for the real aliyun-sdk-oss client: one bucket, one access
 * key pair whose signature it verifies, a request log, and injectable 500 answers.
 */
public final class TestingOssServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final OssBucketStore store;
  private final List<OssRequest> requests = new ArrayList<>();
  private volatile Predicate<OssRequest> failing = request -> false;
  private volatile OssError failure;

  public TestingOssServer(String bucket, String accessKeyId, String secret) throws IOException {
    store = new OssBucketStore(bucket, Clock.systemUTC());
    OssSignatureV1 signature = new OssSignatureV1(accessKeyId, secret, Clock.systemUTC());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        new OssRouter(
            store, signature, request -> failing.test(request) ? failure : null, this::record));
    server.setExecutor(executor);
    server.start();
  }

  /** The endpoint URL, like http://127.0.0.1:PORT. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  OssBucketStore store() {
    return store;
  }

  /** Answers 500 InternalError to every correctly signed request. */
  public void failEverything() {
    failWhen(request -> true);
  }

  /** Answers 500 InternalError to every correctly signed request that matches. */
  void failWhen(Predicate<OssRequest> failing) {
    failWhen(failing, 500, "InternalError", "We encountered an internal error. Please try again.");
  }

  /** Answers the given error to every correctly signed request that matches. */
  void failWhen(Predicate<OssRequest> failing, int status, String code, String message) {
    this.failure = new OssError(status, code, message);
    this.failing = failing;
  }

  /** Every request received so far, without bodies. */
  synchronized List<OssRequest> requests() {
    return List.copyOf(requests);
  }

  /** How many requests arrived so far, well signed or not. */
  public synchronized int requestCount() {
    return requests.size();
  }

  /** The keys of every object in the bucket. */
  public List<String> storedKeys() {
    return store.list("", null, Integer.MAX_VALUE - 1).stream().map(e -> e.getKey()).toList();
  }

  /** How many multipart uploads were started and neither completed nor aborted. */
  public int incompleteUploads() {
    return store.uploadCount();
  }

  private synchronized void record(OssRequest request) {
    requests.add(request);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
