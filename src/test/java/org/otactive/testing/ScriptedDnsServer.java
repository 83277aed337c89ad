package org.otactive.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A UDP server on loopback that records every datagram it receives (with its arrival time) and
 * answers with whatever its script returns: a counting socket for rate and stop tests, and a
 * hostile server for robustness tests. The script may return null to stay silent, or several
 * datagrams.
 */
public final class ScriptedDnsServer implements AutoCloseable {
  /** One received datagram. */
  public record Arrival(long nanos, byte[] bytes) {}

  private final DatagramSocket socket;
  private final Thread thread;
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Function<byte[], List<byte[]>> script;

  public ScriptedDnsServer(Function<byte[], List<byte[]>> script) throws SocketException {
    this(script, InetAddress.getLoopbackAddress());
  }

  /** A server on another loopback address, e.g. {@code ::1}. */
  public ScriptedDnsServer(Function<byte[], List<byte[]>> script, InetAddress bind) throws SocketException {
    this.script = script;
    this.socket = new DatagramSocket(new InetSocketAddress(bind, 0));
    socket.setReceiveBufferSize(4 << 20);
    this.thread = Thread.ofPlatform().daemon().start(this::serve);
  }

  private void serve() {
    byte[] buf = new byte[65_535];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        byte[] bytes = java.util.Arrays.copyOf(p.getData(), p.getLength());
        arrivals.add(new Arrival(System.nanoTime(), bytes));
        List<byte[]> replies = script.apply(bytes);
        if (replies == null) continue;
        for (byte[] r : replies) socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
      } catch (IOException | RuntimeException e) {
        if (socket.isClosed()) return;
      }
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  public String spec() {
    InetAddress a = socket.getLocalAddress();
    return (a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress()) + ":" + port();
  }

  public InetSocketAddress endpoint() {
    return new InetSocketAddress(socket.getLocalAddress(), port());
  }

  /** How many datagrams arrived so far. */
  public int count() {
    return arrivals.size();
  }

  public List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(2000);
  }
}
