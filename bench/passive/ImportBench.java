import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs {@code otactive passive import FILE} in this JVM (a fresh H2 database) and prints its wall
 * time, frames per second and the peak heap in use (the sum of the heap pools' peaks).
 * Usage: java -Xmx64m -cp CLASSPATH ImportBench.java FILE DB-DIR FRAMES
 */
public class ImportBench {
  public static void main(String[] args) throws Exception {
    long frames = Long.parseLong(args[2]);
    long start = System.nanoTime();
    int code = org.otactive.cli.Main.run(new String[] {"--db", "jdbc:h2:file:" + args[1] + "/db", "passive", "import", args[0]},
        new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    System.out.printf("otactive exit %d: %.2f s, %.0f frames/s, peak heap %.1f MB of max %.0f MB%n", code, seconds,
        frames / seconds, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
  }
}
