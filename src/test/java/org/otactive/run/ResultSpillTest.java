package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;

class ResultSpillTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456789Z");

  private static TargetResult result(int i) throws Exception {
    InetAddress a = i % 5 == 0 ? InetAddress.getByName("fd00::" + Integer.toHexString(i))
        : InetAddress.getByAddress(new byte[] {10, 7, (byte) (i >> 8), (byte) i});
    Outcome o = i % 2 == 0
        ? new Outcome.Ok(List.of(new Fact("fqdn", "h" + i + ".example", "PTR from 127.0.0.1:53"), new Fact("hostname", "h" + i, "")), "PTR from 127.0.0.1:53")
        : new Outcome.NoAnswer("no answer from 127.0.0.1:53 after 3 tries \u00e9");
    return new TargetResult(a, o, T0.plusNanos(i));
  }

  /** First in, first out across the file and the batch not yet written to it; the file empties when read up. */
  @Test
  void resultsComeBackInOrder() throws Exception {
    try (ResultSpill spill = new ResultSpill(100)) {
      List<TargetResult> in = new ArrayList<>();
      List<TargetResult> out = new ArrayList<>();
      int next = 0;
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 137 * (round % 4); i++) {
          TargetResult r = result(next++);
          in.add(r);
          spill.add(r);
        }
        List<TargetResult> batch;
        int takes = round % 3;
        while (takes-- > 0 && !(batch = spill.take()).isEmpty()) out.addAll(batch);
      }
      List<TargetResult> batch;
      while (!(batch = spill.take()).isEmpty()) out.addAll(batch);
      assertThat(out).isEqualTo(in);
      assertThat(spill.size()).isZero();
    }
  }

  /** Whole batches (in the packed form they carry) and single results, mixed, come back in the order they went in. */
  @Test
  void batchesAndSingleResultsComeBackInOrder() throws Exception {
    try (ResultSpill spill = new ResultSpill(100)) {
      List<TargetResult> in = new ArrayList<>();
      List<TargetResult> out = new ArrayList<>();
      int next = 0;
      for (int round = 0; round < 30; round++) {
        if (round % 3 == 0) {
          for (int i = 0; i < 37; i++) {
            TargetResult r = result(next++);
            in.add(r);
            spill.add(r);
          }
        } else {
          List<TargetResult> batch = new ArrayList<>();
          for (int i = 0; i < 10 * round; i++) batch.add(result(next++));
          in.addAll(batch);
          spill.addAll(new ResultBatch(batch));
        }
        if (round % 7 == 6) {
          List<TargetResult> taken = spill.take();
          out.addAll(taken);
        }
      }
      spill.addAll(new ResultBatch(List.of())); // nothing, and no harm
      assertThat(spill.size()).isEqualTo(in.size() - out.size());
      List<TargetResult> batch;
      while (!(batch = spill.take()).isEmpty()) out.addAll(batch);
      assertThat(out).isEqualTo(in);
      assertThat(spill.size()).isZero();
    }
  }
}
