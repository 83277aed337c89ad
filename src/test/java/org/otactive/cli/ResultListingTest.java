package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.run.ResultBatch;
import org.otactive.run.TargetResult;

/** A one-off scan's listing: every result, in address order, whatever order they came in. */
class ResultListingTest {
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  private static List<TargetResult> results(int n) throws Exception {
    List<TargetResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InetAddress a = i == n - 1 ? InetAddress.getByName("fd00::1") // IPv6 after every IPv4 address
          : InetAddress.getByAddress(new byte[] {10, 30, (byte) (i >> 8), (byte) i});
      out.add(new TargetResult(a, i % 5 == 4 ? new Outcome.NoAnswer("no answer from 127.0.0.1:53 after 3 tries")
          : new Outcome.Ok(List.of(new Fact("hostname", "h" + i, "PTR from 127.0.0.1:53")), "PTR from 127.0.0.1:53"),
          T0.plusMillis(i)));
    }
    return out;
  }

  /** Hands the results over as a one-off scan does: in batches of any size, and one by one. */
  private static void handOver(ResultListing listing, List<TargetResult> results, Random random) {
    int i = 0;
    while (i < results.size()) {
      int size = Math.min(results.size() - i, random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(300));
      if (size == 1) listing.accept(results.get(i));
      else listing.acceptAll(new ResultBatch(new ArrayList<>(results.subList(i, i + size))));
      i += size;
    }
  }

  private static List<TargetResult> printed(ResultListing.Listed listed) throws Exception {
    List<TargetResult> out = new ArrayList<>();
    listed.print(out::add);
    return out;
  }

  @Test
  void resultsThatCameInOrderArePrintedStraightAway() throws Exception {
    List<TargetResult> in = results(3_000);
    try (ResultListing listing = new ResultListing(500)) {
      handOver(listing, in, new Random(1));
      assertThat(printed(listing.results(false))).isEqualTo(in);
      assertThat(listing.sorted()).isFalse();
    }
  }

  @Test
  void resultsOutOfOrderAreSortedThroughChunksOnDisk() throws Exception {
    List<TargetResult> expected = results(3_000);
    List<TargetResult> in = new ArrayList<>(expected);
    Collections.swap(in, 10, 2_000); // one late answer is enough
    try (ResultListing listing = new ResultListing(500)) {
      handOver(listing, in, new Random(2));
      assertThat(printed(listing.results(false))).isEqualTo(expected);
      assertThat(listing.sorted()).isTrue();
    }
    Collections.shuffle(in, new Random(3));
    try (ResultListing listing = new ResultListing(500)) {
      handOver(listing, in, new Random(4));
      assertThat(printed(listing.results(false))).isEqualTo(expected);
    }
  }

  /** IPv4 addresses come before IPv6 ones: an IPv6 answer that arrives first puts the listing out of order. */
  @Test
  void anIpv6ResultBeforeIpv4OnesIsSortedAfterThem() throws Exception {
    List<TargetResult> expected = results(700);
    List<TargetResult> in = new ArrayList<>(expected);
    in.add(0, in.remove(in.size() - 1));
    try (ResultListing listing = new ResultListing(500)) {
      handOver(listing, in, new Random(6));
      assertThat(printed(listing.results(false))).isEqualTo(expected);
      assertThat(listing.sorted()).isTrue();
    }
  }

  /** A table reads its results twice (its widths first): both times whole and in order. */
  @Test
  void resultsReadTwiceComeBothTimes() throws Exception {
    List<TargetResult> in = results(1_200);
    try (ResultListing listing = new ResultListing(500)) {
      handOver(listing, in, new Random(5));
      ResultListing.Listed listed = listing.results(true);
      assertThat(printed(listed)).isEqualTo(in);
      assertThat(printed(listed)).isEqualTo(in);
    }
  }
}
