package org.otactive.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.otactive.run.HandOffSink;
import org.otactive.run.ResultBatch;
import org.otactive.run.ResultCodec;
import org.otactive.run.ResultSink;
import org.otactive.run.ResultSpill;
import org.otactive.run.TargetResult;

/**
 * A one-off scan's results as they come, to print in address order once it is over. While the
 * scan runs they are only set aside on disk, in the packed form a {@link ResultBatch} carries for
 * every sink (the store's backlog sets the same bytes aside): nothing per result on the scan's side
 * but a look at its order. They mostly come in address order (targets start in that order, a
 * server answers in turn); then they are printed straight from the disk, else sorted first in a
 * {@link SortedSpool}. Memory stays bounded either way, however many there are.
 */
final class ResultListing implements ResultSink, AutoCloseable {
  /** Results to print, in address order, each given to the printer in turn. */
  @FunctionalInterface
  interface Listed {
    void print(SortedSpool.Printer<TargetResult> printer) throws IOException;
  }

  /** How results are packed in the chunks a sort writes aside ({@link ResultCodec}). */
  static final SortedSpool.Format<TargetResult> RESULTS = new SortedSpool.Format<>() {
    @Override
    public SortedSpool.ItemWriter<TargetResult> writer() {
      return new ResultCodec.Encoder()::write;
    }

    @Override
    public SortedSpool.ItemReader<TargetResult> reader() {
      return new ResultCodec.Decoder()::read;
    }
  };

  /** The address as a sort key: IPv4 before IPv6, then numerically. */
  static byte[] key(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] k = new byte[a.length + 1];
    k[0] = (byte) (a.length == 4 ? 4 : 6);
    System.arraycopy(a, 0, k, 1, a.length);
    return k;
  }

  private final ResultSpill arrived = new ResultSpill(HandOffSink.BATCH);
  private final SortedSpool<TargetResult> sorted;
  /** The last result's address bytes and family (4 or 6; 0 before the first). */
  private byte[] last;
  private int lastFamily;
  private boolean ascending = true;
  private boolean sorting;

  ResultListing() {
    this(SortedSpool.CHUNK);
  }

  ResultListing(int chunk) {
    this.sorted = new SortedSpool<>(RESULTS, chunk);
  }

  @Override
  public void accept(TargetResult r) {
    saw(r);
    arrived.add(r);
  }

  @Override
  public void acceptAll(ResultBatch batch) {
    synchronized (this) {
      for (TargetResult r : batch.results()) saw(r);
    }
    arrived.addAll(batch);
  }

  /**
   * Notes whether results still come in {@link #key} order, without making a key per result (the
   * hand-off's thread calls this for every one).
   */
  private synchronized void saw(TargetResult r) {
    if (!ascending) return;
    byte[] a = r.address().getAddress();
    int family = a.length == 4 ? 4 : 6;
    if (family < lastFamily || family == lastFamily && Arrays.compareUnsigned(last, a) > 0) ascending = false;
    lastFamily = family;
    last = a;
  }

  /**
   * Every result accepted, in address order, to be printed once (or as often as wanted with {@code
   * again}: a table reads them twice, its widths first). Call once, after the last result.
   */
  synchronized Listed results(boolean again) {
    if (ascending && !again) {
      return printer -> {
        List<TargetResult> batch;
        while (!(batch = arrived.take()).isEmpty()) {
          for (TargetResult r : batch) printer.print(r);
        }
      };
    }
    sorting = true;
    List<TargetResult> batch;
    while (!(batch = arrived.take()).isEmpty()) {
      for (TargetResult r : batch) sorted.add(key(r.address()), r);
    }
    return sorted::print;
  }

  /** Whether the results had to be sorted (they did not come in address order, or were read twice). */
  synchronized boolean sorted() {
    return sorting;
  }

  @Override
  public void close() {
    try {
      sorted.close();
    } finally {
      arrived.close();
    }
  }
}
