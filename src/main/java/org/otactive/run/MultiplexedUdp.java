package org.otactive.run;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.otactive.probe.Datagrams;
import org.otactive.probe.Demux;
import org.otactive.safety.Blocked;
import org.otactive.safety.Gate;
import org.otactive.safety.Permit;

/**
 * One UDP socket shared by every target of a run, with replies routed to their waiting request by
 * (peer, demux key). Keys are drawn at random among those free for the peer, so they cannot be
 * guessed by an off-path sender, and a reply must also pass the probe's own check (right question)
 * before it counts. Thread-safe.
 */
final class MultiplexedUdp implements Closeable {
  private static final int RECEIVE_BUFFER = 4 << 20;

  private record Key(SocketAddress peer, int key) {}

  private static final class Pending {
    final Predicate<byte[]> accepts;
    final long deadline;
    final CompletableFuture<byte[]> reply = new CompletableFuture<>();
    volatile long receivedAt;

    Pending(Predicate<byte[]> accepts, long deadline) {
      this.accepts = accepts;
      this.deadline = deadline;
    }
  }

  /** Completes a wait whose deadline passed; a null reply means "timed out". */
  private static final byte[] TIMED_OUT = new byte[0];
  /** How often the reaper looks for waits past their deadline; bounds timeout precision. */
  private static final long REAP_NANOS = 2_000_000L;

  private final Gate gate;
  private final Demux demux;
  private final DatagramChannel channel;
  private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
  // Unpredictable keys without a system call per draw (NativePRNG reads /dev/urandom each time).
  // Keys need not resist an attacker who sees our traffic (they could answer anyway); against a
  // blind spoofer a 16-bit key from a randomly seeded generator plus the question check is the
  // DNS norm. ThreadLocalRandom costs no lock and no system call per draw.
  private final Thread reaper;
  private final AtomicLong unmatched = new AtomicLong();
  private final Thread receiver;
  private final Runnable onStop = this::abandonAll;

  MultiplexedUdp(Gate gate, Demux demux) throws IOException {
    this.gate = gate;
    this.demux = demux;
    this.channel = openChannel();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
    channel.setOption(StandardSocketOptions.SO_SNDBUF, RECEIVE_BUFFER);
    this.receiver = Thread.ofPlatform().daemon().name("udp-receiver").start(this::receiveLoop);
    // Timeouts are kept here rather than as timed parks: one thread sweeping a few hundred waits
    // every 2 ms is far cheaper than a timer entry per exchange.
    this.reaper = Thread.ofPlatform().daemon().name("udp-timeouts").start(this::reapLoop);
    gate.stopSwitch().onStop(onStop);
  }

  private static DatagramChannel openChannel() throws IOException {
    try {
      DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6);
      c.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
      return c;
    } catch (IOException | UnsupportedOperationException e) {
      // No IPv6 on this host: an IPv4 socket reaches every IPv4 server.
      DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
      c.bind(new InetSocketAddress(0));
      return c;
    }
  }

  /** Replies that matched no request or failed the probe's check: late, spoofed or garbage. */
  long unmatched() {
    return unmatched.get();
  }

  Datagrams.Reply exchange(
      InetAddress target,
      InetSocketAddress peer,
      IntFunction<byte[]> requestForKey,
      Predicate<byte[]> accepts,
      Duration timeout)
      throws Blocked, InterruptedException, IOException {
    try (Permit permit = gate.admit(target, peer)) {
      long sentAt = gate.ticker().nanos();
      Pending p = new Pending(accepts, sentAt + timeout.toNanos());
      Key k;
      do {
        k = new Key(peer, ThreadLocalRandom.current().nextInt(demux.keyBound()));
      } while (pending.putIfAbsent(k, p) != null);
      try {
        byte[] request = requestForKey.apply(k.key());
        gate.checkOpen(); // a stop that came while the request was built: still nothing sent
        channel.send(ByteBuffer.wrap(request), peer);
        byte[] reply = p.reply.get();
        if (reply == TIMED_OUT) return null;
        return new Datagrams.Reply(reply, p.receivedAt - sentAt);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Blocked b) throw b;
        throw new IOException(e.getCause());
      } finally {
        pending.remove(k, p);
      }
    }
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
    while (channel.isOpen()) {
      try {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        long at = gate.ticker().nanos();
        buf.flip();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        int key = demux.keyOf(bytes, bytes.length);
        Pending p = key < 0 ? null : pending.get(new Key(normalize(from), key));
        if (p != null && p.accepts.test(bytes)) {
          p.receivedAt = at;
          p.reply.complete(bytes);
        } else {
          unmatched.incrementAndGet();
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // An ICMP error or a probe's check that threw: the datagram is dropped, the loop goes on.
        unmatched.incrementAndGet();
      }
    }
  }

  private void reapLoop() {
    while (channel.isOpen()) {
      long now = gate.ticker().nanos();
      for (Pending p : pending.values()) {
        if (now - p.deadline >= 0) p.reply.complete(TIMED_OUT);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(REAP_NANOS);
    }
  }

  /** Replies on an IPv6 socket from an IPv4 server carry the mapped address; match them as IPv4. */
  private static SocketAddress normalize(SocketAddress from) {
    if (from instanceof InetSocketAddress isa && isa.getAddress() instanceof java.net.Inet6Address v6) {
      byte[] b = v6.getAddress();
      boolean mapped = true;
      for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
      mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mapped) {
        try {
          return new InetSocketAddress(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}), isa.getPort());
        } catch (IOException impossible) {
          return from;
        }
      }
    }
    return from;
  }

  private void abandonAll() {
    Blocked stopped = new Blocked(Blocked.Reason.STOPPED, "stopped: " + gate.stopSwitch().reason());
    for (Pending p : pending.values()) p.reply.completeExceptionally(stopped);
  }

  @Override
  public void close() throws IOException {
    gate.stopSwitch().removeListener(onStop);
    channel.close();
    try {
      receiver.join(1000);
      reaper.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
