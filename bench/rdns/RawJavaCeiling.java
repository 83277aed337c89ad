import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * The ceiling of plain Java on this machine, for comparison with otactive: one thread sends
 * hand-built PTR queries for 10.200.0.0/16 keeping 100 in flight, another receives; no DNS
 * library, no per-query objects, no gate, no store. Talks only to 127.0.0.1:PORT.
 *
 * <p>Run: {@code java bench/rdns/RawJavaCeiling.java PORT} (JDK 21+), with the benchmark's NSD on
 * that port. Prints the rate of a first run (cold JIT) and of a second one in the same JVM.
 */
public class RawJavaCeiling {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int total = 65_536;
    for (int run = 1; run <= 2; run++) {
      try (DatagramChannel ch = DatagramChannel.open()) {
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        Semaphore inFlight = new Semaphore(100);
        Thread receiver = new Thread(() -> {
          ByteBuffer b = ByteBuffer.allocateDirect(1500);
          try {
            for (int i = 0; i < total; i++) {
              b.clear();
              ch.read(b);
              inFlight.release();
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        receiver.start();
        long t0 = System.nanoTime();
        ByteBuffer q = ByteBuffer.allocate(64);
        for (int i = 0; i < total; i++) {
          inFlight.acquire();
          q.clear();
          q.putShort((short) i).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
              .putShort((short) 0).putShort((short) 0);
          for (String l : new String[] {Integer.toString(i & 255), Integer.toString((i >> 8) & 255), "200", "10",
              "in-addr", "arpa"}) {
            q.put((byte) l.length()).put(l.getBytes(StandardCharsets.US_ASCII));
          }
          q.put((byte) 0).putShort((short) 12).putShort((short) 1).flip();
          ch.write(q);
        }
        receiver.join(60_000);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("run %d: %d queries answered in %.2f s = %.0f/s%n", run, total, s, total / s);
      }
    }
  }
}
