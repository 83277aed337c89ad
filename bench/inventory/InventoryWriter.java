import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.otactive.inventory.Observation;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.run.TargetResult;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog;

/**
 * The result writer alone: what a one-off reverse-DNS scan writes for each target (two facts and a
 * result), batch by batch as {@code run.RecordingSink} writes it, into a fresh H2 file, in a fresh
 * JVM. Round 1 finds every device new; later rounds confirm the same values. No network.
 *
 * <p>Run from the repository (after {@code bench/inventory/run.sh} has built the classes):
 * {@code java -cp target/classes:$(cat target/bench-classpath.txt) bench/inventory/InventoryWriter.java TARGETS DIR ROUNDS}
 */
public class InventoryWriter {
  public static void main(String[] args) throws Exception {
    int targets = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[2]);
    try (Database db = Database.open("jdbc:h2:file:" + args[1] + "/inventory")) {
      JdbcInventory inventory = new JdbcInventory(db);
      JdbcRunLog runs = new JdbcRunLog(db);
      for (int round = 1; round <= rounds; round++) {
        long run = runs.begin("rdns", "{}", targets, Instant.now());
        Instant at = Instant.now();
        long start = System.nanoTime();
        long inInventory = 0;
        for (int from = 0; from < targets; from += 2_000) {
          List<TargetResult> batch = new ArrayList<>();
          for (int i = from; i < Math.min(targets, from + 2_000); i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) (200 + (i >> 16)), (byte) (i >> 8), (byte) i});
            String detail = "PTR from 127.0.0.1:53";
            batch.add(new TargetResult(a, new Outcome.Ok(List.of(
                new Fact("fqdn", "host-" + ((i >> 8) & 255) + "-" + (i & 255) + ".bench.plant.example", detail),
                new Fact("hostname", "host-" + ((i >> 8) & 255) + "-" + (i & 255), detail)), detail), at));
          }
          List<Observation> observations = new ArrayList<>();
          for (TargetResult r : batch) observations.addAll(r.observations("rdns"));
          long t = System.nanoTime();
          inventory.record(observations);
          inInventory += System.nanoTime() - t;
          runs.results(run, batch);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("round %d (%s): %d targets in %.2f s, %.0f targets/s (the inventory %.2f s)%n", round,
            round == 1 ? "all new" : "all confirmed", targets, s, targets / s, inInventory / 1e9);
      }
    }
  }
}
