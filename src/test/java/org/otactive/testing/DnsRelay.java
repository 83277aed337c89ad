package org.otactive.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Message;

/**
 * A UDP relay on loopback in front of a real DNS server that notes every query it passes on (when
 * and which name), so a test can tell exactly what was asked and when, without a capture tool.
 */
public final class DnsRelay implements AutoCloseable {
  /** One query seen: when (System.nanoTime) and the question name, or "?" when it did not parse. */
  public record Query(long nanos, String name) {}

  private final DatagramSocket front;
  private final DatagramSocket back;
  private final InetSocketAddress upstream;
  private final List<Query> queries = new CopyOnWriteArrayList<>();
  private final Map<Integer, SocketAddress> askers = new ConcurrentHashMap<>();
  private final Thread forward;
  private final Thread backward;

  public DnsRelay(InetSocketAddress upstream) throws SocketException {
    this.upstream = upstream;
    this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    front.setReceiveBufferSize(1 << 22);
    back.setReceiveBufferSize(1 << 22);
    this.forward = Thread.ofPlatform().daemon().name("relay-forward").start(this::forward);
    this.backward = Thread.ofPlatform().daemon().name("relay-backward").start(this::backward);
  }

  private void forward() {
    byte[] buf = new byte[65535];
    while (!front.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        front.receive(p);
        long at = System.nanoTime();
        byte[] bytes = java.util.Arrays.copyOf(p.getData(), p.getLength());
        String name;
        int id = -1;
        try {
          Message m = new Message(bytes);
          name = m.getQuestion().getName().toString();
          id = m.getHeader().getID();
        } catch (IOException | RuntimeException e) {
          name = "?";
        }
        queries.add(new Query(at, name));
        if (id >= 0) {
          askers.put(id, p.getSocketAddress());
          back.send(new DatagramPacket(bytes, bytes.length, upstream));
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void backward() {
    byte[] buf = new byte[65535];
    while (!back.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        back.receive(p);
        if (p.getLength() < 2) continue;
        int id = ((p.getData()[0] & 0xff) << 8) | (p.getData()[1] & 0xff);
        SocketAddress to = askers.get(id);
        if (to != null) front.send(new DatagramPacket(p.getData(), p.getLength(), to));
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** {@code 127.0.0.1:PORT} as the command line takes it. */
  public String spec() {
    return "127.0.0.1:" + front.getLocalPort();
  }

  public List<Query> queries() {
    return List.copyOf(queries);
  }

  public int count() {
    return queries.size();
  }

  @Override
  public void close() throws InterruptedException {
    front.close();
    back.close();
    forward.join(2000);
    backward.join(2000);
  }
}
