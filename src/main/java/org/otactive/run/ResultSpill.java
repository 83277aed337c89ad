package org.otactive.run;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.Packing;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;

/**
 * Results set aside on disk while the store writes more slowly than a scan finds them: a
 * first-in, first-out file of batches, appended by the scan and read back by the writer. The scan
 * so never waits for the database and the heap holds one batch at most, whatever the run's size.
 * The file is a temporary one (owner-only), emptied whenever the writer catches up and deleted on
 * {@link #close}. Thread-safe.
 */
final class ResultSpill implements Closeable {
  private final int batch;
  private FileChannel file;
  private Path path;
  private long readAt;
  private long writeAt;
  private final List<TargetResult> pending = new ArrayList<>();
  private long count;

  ResultSpill(int batch) {
    this.batch = batch;
  }

  /** Results set aside and not read back yet. */
  synchronized long size() {
    return count;
  }

  synchronized void add(TargetResult r) {
    pending.add(r);
    count++;
    if (pending.size() >= batch) flush();
  }

  /**
   * The oldest batch set aside, or an empty list when none is left (the file is then emptied, so
   * it never holds more than the writer's lag).
   */
  synchronized List<TargetResult> take() {
    if (readAt == writeAt) {
      if (pending.isEmpty()) return List.of();
      List<TargetResult> out = new ArrayList<>(pending);
      pending.clear();
      count -= out.size();
      return out;
    }
    try {
      ByteBuffer len = ByteBuffer.allocate(4);
      readFully(len, readAt);
      ByteBuffer body = ByteBuffer.allocate(len.getInt(0));
      readFully(body, readAt + 4);
      readAt += 4 + body.capacity();
      if (readAt == writeAt) {
        file.truncate(0);
        readAt = 0;
        writeAt = 0;
      }
      List<TargetResult> out = decode(body.array());
      count -= out.size();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read results set aside: " + e.getMessage(), e);
    }
  }

  private void readFully(ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      if (file.read(b, at + b.position()) < 0) throw new IOException("results file cut short");
    }
  }

  private void flush() {
    try {
      if (file == null) {
        path = Files.createTempFile("otactive-pending", ".results"); // owner-only on POSIX
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      byte[] body = encode(pending);
      ByteBuffer b = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
      while (b.hasRemaining()) writeAt += file.write(b, writeAt);
      pending.clear();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set results aside: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (file != null) file.close();
      if (path != null) Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a temporary file left behind goes with the system's temporary files
    }
    file = null;
    path = null;
  }

  /**
   * A batch as bytes: per result its address, time, outcome and facts. The texts that repeat from
   * one result to the next (an outcome's kind and detail, a fact's attribute and detail) are
   * written once per batch and then referred to by number; a fact's value is written as is.
   */
  static byte[] encode(List<TargetResult> results) {
    Packing.Writer out = new Packing.Writer(results.size() * 48);
    Map<String, Integer> seen = new HashMap<>();
    Packing.varint(out, results.size());
    for (TargetResult r : results) {
      byte[] a = r.address().getAddress();
      out.write(a.length);
      out.write(a, 0, a.length);
      Packing.signed(out, r.at().getEpochSecond());
      Packing.varint(out, r.at().getNano());
      repeated(out, seen, r.outcome().kind());
      repeated(out, seen, r.outcome().detail());
      List<Fact> facts = r.outcome() instanceof Outcome.Ok ok ? ok.facts() : List.of();
      Packing.varint(out, facts.size());
      for (Fact f : facts) {
        repeated(out, seen, f.attribute());
        Packing.text(out, f.value());
        repeated(out, seen, f.detail());
      }
    }
    return out.toByteArray();
  }

  /** 0 and the text the first time in a batch, then its number plus one. */
  private static void repeated(Packing.Writer out, Map<String, Integer> seen, String s) {
    Integer k = seen.get(s);
    if (k != null) {
      Packing.varint(out, k + 1L);
      return;
    }
    seen.put(s, seen.size());
    Packing.varint(out, 0);
    Packing.text(out, s);
  }

  static List<TargetResult> decode(byte[] bytes) {
    Packing.Reader in = new Packing.Reader(bytes, "results set aside");
    List<String> seen = new ArrayList<>();
    int n = (int) in.varint();
    List<TargetResult> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      InetAddress address;
      try {
        address = InetAddress.getByAddress(in.bytes(in.u8()));
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException("results set aside are damaged: " + e.getMessage(), e);
      }
      Instant at = Instant.ofEpochSecond(in.signed(), in.varint());
      String kind = repeated(in, seen);
      String detail = repeated(in, seen);
      int facts = (int) in.varint();
      List<Fact> list = new ArrayList<>(facts);
      for (int j = 0; j < facts; j++) list.add(new Fact(repeated(in, seen), in.text(), repeated(in, seen)));
      out.add(new TargetResult(address, outcome(kind, detail, list), at));
    }
    return out;
  }

  private static String repeated(Packing.Reader in, List<String> seen) {
    long k = in.varint();
    if (k == 0) {
      String s = in.text();
      seen.add(s);
      return s;
    }
    if (k > seen.size()) throw new IllegalStateException("results set aside are damaged");
    return seen.get((int) k - 1);
  }

  /** The outcome of that kind: the inverse of {@link Outcome#kind}. */
  static Outcome outcome(String kind, String detail, List<Fact> facts) {
    return switch (kind) {
      case "ok" -> new Outcome.Ok(facts, detail);
      case "no-answer" -> new Outcome.NoAnswer(detail);
      case "refused" -> new Outcome.Refused(detail);
      case "denied" -> new Outcome.Denied(detail);
      case "protocol-error" -> new Outcome.ProtocolError(detail);
      case "failed" -> new Outcome.Failed(detail);
      case "blocked" -> new Outcome.Blocked(detail);
      case "not-served" -> new Outcome.NotApplicable(detail);
      default -> throw new IllegalStateException("unknown outcome kind: " + kind);
    };
  }
}
