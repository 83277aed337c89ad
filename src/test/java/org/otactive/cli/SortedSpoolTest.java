package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.otactive.common.Packing;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.run.TargetResult;

class SortedSpoolTest {
  /** Rows of texts, each written as its count and its texts (no state between rows). */
  private static final SortedSpool.Format<String[]> CELLS = new SortedSpool.Format<>() {
    @Override
    public SortedSpool.ItemWriter<String[]> writer() {
      return (out, cells) -> {
        Packing.varint(out, cells.length);
        for (String c : cells) Packing.text(out, c);
      };
    }

    @Override
    public SortedSpool.ItemReader<String[]> reader() {
      return in -> {
        String[] cells = new String[(int) in.varint()];
        for (int i = 0; i < cells.length; i++) cells[i] = in.text();
        return cells;
      };
    }
  };

  private static byte[] key(int v) {
    return new byte[] {4, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** Rows added in any order come out sorted, through the files a full chunk is written to. */
  @Test
  void rowsComeOutInKeyOrderThroughSpilledChunks() throws Exception {
    Random random = new Random(3);
    List<Integer> values = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    try (SortedSpool<String[]> spool = new SortedSpool<>(CELLS, 100)) {
      for (int i = 0; i < 1_050; i++) {
        int v = random.nextInt(); // unsigned order: 0x80000000 and above sort last
        values.add(v);
        spool.add(key(v), new String[] {Integer.toUnsignedString(v), "r\u00e9sultat " + i});
      }
      assertThat(spool.spilled()).isEqualTo(10);
      spool.print(r -> printed.add(r[0]));
    }
    values.sort(Comparator.comparingLong(Integer::toUnsignedLong));
    assertThat(printed).isEqualTo(values.stream().map(Integer::toUnsignedString).toList());
  }

  /**
   * A scan's results go through the spool as the listing sets them aside (each chunk written by
   * one encoder: a detail or a kind written once per chunk) and come back whole, by address,
   * however often they are printed (a table is printed twice: its widths first).
   */
  @Test
  void resultsComeBackWholeInAddressOrderAsOftenAsPrinted() throws Exception {
    Random random = new Random(5);
    List<TargetResult> added = new ArrayList<>();
    Instant t0 = Instant.parse("2026-12-03T11:00:00.5Z");
    for (int i = 0; i < 500; i++) {
      InetAddress a = i % 50 == 7 ? InetAddress.getByName("fd00::" + Integer.toHexString(i))
          : InetAddress.getByAddress(new byte[] {10, 20, (byte) (i >> 8), (byte) i});
      String detail = new String(i % 3 == 0 ? "PTR from 127.0.0.1:53" : "PTR from ns2 (10.0.0.2:53)"); // equal, not the same
      Outcome o = switch (random.nextInt(4)) {
        case 0 -> new Outcome.NoAnswer("no answer from 127.0.0.1:53 after 3 tries");
        case 1 -> new Outcome.Ok(List.of(), "no such name (NXDOMAIN) from 127.0.0.1:53");
        default -> new Outcome.Ok(List.of(new Fact("fqdn", "h" + i + ".d\u00e9p\u00f4t.example", detail),
            new Fact("hostname", "h" + i, detail)), detail);
      };
      added.add(new TargetResult(a, o, t0.plusMillis(random.nextInt(10_000))));
    }
    List<TargetResult> shuffled = new ArrayList<>(added);
    Collections.shuffle(shuffled, random);
    List<TargetResult> first = new ArrayList<>();
    List<TargetResult> second = new ArrayList<>();
    try (SortedSpool<TargetResult> spool = new SortedSpool<>(ResultListing.RESULTS, 64)) {
      for (TargetResult r : shuffled) spool.add(ResultListing.key(r.address()), r);
      assertThat(spool.spilled()).isEqualTo(7);
      spool.print(first::add);
      spool.print(second::add);
    }
    // IPv4 by number, then IPv6: the order `added` was made in but for the IPv6 ones.
    List<TargetResult> expected = new ArrayList<>(added.stream().filter(r -> r.address().getAddress().length == 4).toList());
    expected.addAll(added.stream().filter(r -> r.address().getAddress().length == 16).toList());
    assertThat(first).isEqualTo(expected);
    assertThat(second).isEqualTo(expected);
  }

  @Test
  void ipv4SortsBeforeIpv6AndAFewRowsStayInMemory() throws Exception {
    List<String> printed = new ArrayList<>();
    try (SortedSpool<String[]> spool = new SortedSpool<>(CELLS)) {
      byte[] v6 = new byte[17];
      v6[0] = 6;
      spool.add(v6, new String[] {"::"});
      spool.add(key(0xffffffff), new String[] {"255.255.255.255"});
      spool.add(key(0x0a000001), new String[] {"10.0.0.1"});
      assertThat(spool.spilled()).isZero();
      spool.print(r -> printed.add(Arrays.toString(r)));
    }
    assertThat(printed).containsExactly("[10.0.0.1]", "[255.255.255.255]", "[::]");
  }
}
