import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * The ceiling of plain Java on this machine, for comparison with otactive: one thread sends
 * hand-built PTR queries for the benchmark's range keeping 100 in flight, another receives and
 * counts the answers that carry a record; no DNS library, no per-query objects, no gate, no store,
 * no output but a line per pass. Talks only to 127.0.0.1:PORT.
 *
 * <p>Run: {@code java RawJavaCeiling PORT FIRST ZONES [PASSES]} (JDK 21+): PTR questions for
 * 10.FIRST.0.0 up to 10.(FIRST+ZONES-1).255.255, 65,536 per zone, with the benchmark's NSD on that
 * port. {@code bench/rdns/run.sh} times the whole process (JVM start included) beside dnsperf and
 * otactive; a second pass in the same JVM shows the rate once the code is compiled. Every query
 * should be answered (NSD on loopback loses none); a pass gives up after 10 s without an answer.
 */
public class RawJavaCeiling {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int first = Integer.parseInt(args[1]);
    int zones = Integer.parseInt(args[2]);
    int passes = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    int total = 65_536 * zones;
    for (int pass = 1; pass <= passes; pass++) {
      try (DatagramChannel ch = DatagramChannel.open()) {
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        Semaphore inFlight = new Semaphore(100);
        int[] named = new int[1];
        Thread receiver = new Thread(() -> {
          ByteBuffer b = ByteBuffer.allocateDirect(1500);
          try {
            for (int i = 0; i < total; i++) {
              b.clear();
              ch.receive(b);
              // RCODE 0 and at least one answer record: the name was resolved.
              if ((b.get(3) & 0x0f) == 0 && b.getShort(6) != 0) named[0]++;
              inFlight.release();
            }
          } catch (java.io.IOException e) {
            System.err.println("receiver: " + e); // closed after the silence below
          }
        });
        receiver.start();
        long t0 = System.nanoTime();
        ByteBuffer q = ByteBuffer.allocate(64);
        for (int i = 0; i < total; i++) {
          if (!inFlight.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) break; // answers lost
          q.clear();
          q.putShort((short) i).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
              .putShort((short) 0).putShort((short) 0);
          label(q, i & 255);
          label(q, (i >> 8) & 255);
          label(q, first + (i >> 16));
          label(q, 10);
          for (String l : new String[] {"in-addr", "arpa"}) q.put((byte) l.length()).put(l.getBytes(StandardCharsets.US_ASCII));
          q.put((byte) 0).putShort((short) 12).putShort((short) 1).flip();
          ch.write(q);
        }
        receiver.join(10_000);
        if (receiver.isAlive()) ch.close(); // some answers never came
        receiver.join();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("pass %d: %d of %d names in %.3f s = %.0f/s%n", pass, named[0], total, s, total / s);
      }
    }
  }

  private static void label(ByteBuffer q, int octet) {
    String l = Integer.toString(octet);
    q.put((byte) l.length()).put(l.getBytes(StandardCharsets.US_ASCII));
  }
}
