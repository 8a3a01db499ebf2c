package dev.bulwark.targets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A store that hangs, as a server stopped with SIGSTOP does: the kernel still completes TCP
 * handshakes on its port (up to the backlog), so connections open and requests are sent into the
 * socket buffers, but nothing is ever read or answered. Only the client's own timeouts end a
 * request; an upload larger than the buffers blocks in write(), where no read timeout helps.
 */
public final class TestingHungServer implements AutoCloseable {
  private final ServerSocket socket;

  public TestingHungServer() throws IOException {
    // Never accepted: a backlog large enough for every connection a test opens.
    socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
  }

  /** The base URL, like http://127.0.0.1:PORT. */
  public String endpoint() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
