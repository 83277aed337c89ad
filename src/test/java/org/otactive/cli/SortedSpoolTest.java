package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortedSpoolTest {
  private static byte[] key(int v) {
    return new byte[] {4, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** Rows added in any order come out sorted, through the files a full chunk is written to. */
  @Test
  void rowsComeOutInKeyOrderThroughSpilledChunks() throws Exception {
    Random random = new Random(3);
    List<Integer> values = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    try (SortedSpool spool = new SortedSpool(2, 100)) {
      for (int i = 0; i < 1_050; i++) {
        int v = random.nextInt(); // unsigned order: 0x80000000 and above sort last
        values.add(v);
        spool.add(key(v), new String[] {Integer.toUnsignedString(v), "r\u00e9sultat " + i});
      }
      assertThat(spool.spilled()).isEqualTo(10);
      spool.print(r -> printed.add(r.cells()[0]));
      assertThat(spool.widths()[1]).isEqualTo("r\u00e9sultat 1049".length());
    }
    values.sort(Comparator.comparingLong(Integer::toUnsignedLong));
    assertThat(printed).isEqualTo(values.stream().map(Integer::toUnsignedString).toList());
  }

  /** Every cell comes back as added through the files, repeated ones (written once) and empty ones included. */
  @Test
  void cellsComeBackWhole() throws Exception {
    Random random = new Random(5);
    List<String> added = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    String[] details = {"PTR from 127.0.0.1:53", "", "d\u00e9tail"};
    try (SortedSpool spool = new SortedSpool(4, 64)) {
      for (int i = 0; i < 500; i++) {
        String detail = new String(details[random.nextInt(details.length)]); // equal, not the same instance
        String[] cells = random.nextInt(7) == 0 ? new String[] {Integer.toString(i), detail}
            : new String[] {Integer.toString(i), "ok", detail, random.nextBoolean() ? "" : "x" + random.nextInt(3)};
        added.add(Arrays.toString(cells));
        spool.add(key(i), cells);
      }
      assertThat(spool.spilled()).isEqualTo(7);
      spool.print(r -> printed.add(Arrays.toString(r.cells())));
    }
    assertThat(printed).isEqualTo(added);
  }

  @Test
  void ipv4SortsBeforeIpv6AndAFewRowsStayInMemory() throws Exception {
    List<String> printed = new ArrayList<>();
    try (SortedSpool spool = new SortedSpool(1)) {
      byte[] v6 = new byte[17];
      v6[0] = 6;
      spool.add(v6, new String[] {"::"});
      spool.add(key(0xffffffff), new String[] {"255.255.255.255"});
      spool.add(key(0x0a000001), new String[] {"10.0.0.1"});
      assertThat(spool.spilled()).isZero();
      spool.print(r -> printed.add(Arrays.toString(r.cells())));
    }
    assertThat(printed).containsExactly("[10.0.0.1]", "[255.255.255.255]", "[::]");
  }
}
