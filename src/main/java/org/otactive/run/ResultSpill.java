package org.otactive.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  static byte[] encode(List<TargetResult> results) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(results.size() * 96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(results.size());
      for (TargetResult r : results) {
        byte[] a = r.address().getAddress();
        out.writeByte(a.length);
        out.write(a);
        out.writeLong(r.at().getEpochSecond());
        out.writeInt(r.at().getNano());
        text(out, r.outcome().kind());
        text(out, r.outcome().detail());
        List<Fact> facts = r.outcome() instanceof Outcome.Ok ok ? ok.facts() : List.of();
        out.writeInt(facts.size());
        for (Fact f : facts) {
          text(out, f.attribute());
          text(out, f.value());
          text(out, f.detail());
        }
      }
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  static List<TargetResult> decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int n = in.readInt();
      List<TargetResult> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        InetAddress address = InetAddress.getByAddress(in.readNBytes(in.readUnsignedByte()));
        Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
        String kind = text(in);
        String detail = text(in);
        int facts = in.readInt();
        List<Fact> list = new ArrayList<>(facts);
        for (int j = 0; j < facts; j++) list.add(new Fact(text(in), text(in), text(in)));
        out.add(new TargetResult(address, outcome(kind, detail, list), at));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String text(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }
}
