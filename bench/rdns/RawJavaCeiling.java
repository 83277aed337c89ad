import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling of plain Java on this machine, for comparison with otactive: PTR queries for the
 * benchmark's range, hand-built, 100 in flight, and the answers that carry a record counted; no
 * DNS library, no per-query objects, no gate, no store, no output but a line per pass. Talks only
 * to 127.0.0.1:PORT. Two shapes:
 *
 * <ul>
 *   <li>{@code one}: one thread, a non-blocking socket and a selector; it reads every answer
 *       waiting, then sends while fewer than 100 are in flight, and waits in the selector only
 *       when there was nothing to do: the shape of otactive's datagram engine, without its work.
 *   <li>{@code two}: one thread sends (blocking on a semaphore of 100), another receives (blocking
 *       reads): the figure bench/RESULTS.md quoted before 2026-12-03 11:00 UTC. Every answer wakes
 *       a parked thread, which costs more than the work it saves.
 * </ul>
 *
 * <p>Run: {@code java RawJavaCeiling PORT FIRST ZONES [PASSES [one|two]]} (JDK 21+; default one
 * pass, two threads): PTR questions for 10.FIRST.0.0 up to 10.(FIRST+ZONES-1).255.255, 65,536 per
 * zone, with the benchmark's NSD on that port. {@code bench/rdns/run.sh} times the whole process
 * (JVM start included) beside dnsperf and otactive; a second pass in the same JVM shows the rate
 * once the code is compiled. Every query should be answered (NSD on loopback loses none); a pass
 * gives up after 10 s without an answer.
 */
public class RawJavaCeiling {
  private static final int IN_FLIGHT = 100;
  private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int first = Integer.parseInt(args[1]);
    int zones = Integer.parseInt(args[2]);
    int passes = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    String shape = args.length > 4 ? args[4] : "two";
    if (!shape.equals("one") && !shape.equals("two")) throw new IllegalArgumentException("shape: one or two, not " + shape);
    int total = 65_536 * zones;
    for (int pass = 1; pass <= passes; pass++) {
      try (DatagramChannel ch = DatagramChannel.open()) {
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        long t0 = System.nanoTime();
        int named = shape.equals("one") ? oneThread(ch, first, total) : twoThreads(ch, first, total);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("pass %d: %d of %d names in %.3f s = %.0f/s (%s)%n", pass, named, total, s, total / s,
            shape.equals("one") ? "one thread" : "two threads");
      }
    }
  }

  /** RCODE 0 and at least one answer record: the name was resolved. */
  private static boolean named(ByteBuffer answer) {
    return (answer.get(3) & 0x0f) == 0 && answer.getShort(6) != 0;
  }

  private static int oneThread(DatagramChannel ch, int first, int total) throws Exception {
    ch.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      ch.register(selector, SelectionKey.OP_READ);
      ByteBuffer answer = ByteBuffer.allocateDirect(1500);
      ByteBuffer q = ByteBuffer.allocateDirect(64);
      int sent = 0;
      int received = 0;
      int named = 0;
      long lastAnswer = System.nanoTime();
      while (received < total) {
        boolean worked = false;
        while (true) {
          answer.clear();
          if (ch.read(answer) <= 0) break;
          if (named(answer)) named++;
          received++;
          worked = true;
        }
        while (sent - received < IN_FLIGHT && sent < total) {
          ch.write(query(q, sent++, first));
          worked = true;
        }
        long now = System.nanoTime();
        if (worked) {
          lastAnswer = now;
        } else {
          if (now - lastAnswer > SILENCE_NANOS) break; // answers lost
          selector.select(50);
          selector.selectedKeys().clear();
        }
      }
      return named;
    }
  }

  private static int twoThreads(DatagramChannel ch, int first, int total) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    int[] named = new int[1];
    Thread receiver = new Thread(() -> {
      ByteBuffer b = ByteBuffer.allocateDirect(1500);
      try {
        for (int i = 0; i < total; i++) {
          b.clear();
          ch.receive(b);
          if (named(b)) named[0]++;
          inFlight.release();
        }
      } catch (java.io.IOException e) {
        System.err.println("receiver: " + e); // closed after the silence below
      }
    });
    receiver.start();
    ByteBuffer q = ByteBuffer.allocate(64);
    for (int i = 0; i < total; i++) {
      if (!inFlight.tryAcquire(10, TimeUnit.SECONDS)) break; // answers lost
      ch.write(query(q, i, first));
    }
    receiver.join(10_000);
    if (receiver.isAlive()) ch.close(); // some answers never came
    receiver.join();
    return named[0];
  }

  /** The i-th query of the range: ID i, recursion desired, one PTR question for its address. */
  private static ByteBuffer query(ByteBuffer q, int i, int first) {
    q.clear();
    q.putShort((short) i).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0);
    label(q, i & 255);
    label(q, (i >> 8) & 255);
    label(q, first + (i >> 16));
    label(q, 10);
    for (String l : new String[] {"in-addr", "arpa"}) q.put((byte) l.length()).put(l.getBytes(StandardCharsets.US_ASCII));
    q.put((byte) 0).putShort((short) 12).putShort((short) 1).flip();
    return q;
  }

  private static void label(ByteBuffer q, int octet) {
    String l = Integer.toString(octet);
    q.put((byte) l.length()).put(l.getBytes(StandardCharsets.US_ASCII));
  }
}
