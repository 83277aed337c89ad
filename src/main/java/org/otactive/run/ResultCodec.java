package org.otactive.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.Packing;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;

/**
 * Target results as bytes, for the files a run sets its results aside in while it scans (the
 * store's backlog, the one-off listing): per result its address, time, outcome and facts. Within
 * one block (a batch, a spilled chunk) a text that repeats (an outcome's kind and detail, a fact's
 * attribute and detail) is written the first time only and then referred to by number, so an
 * {@link Encoder} and the {@link Decoder} that reads its output each keep the texts seen so far; a
 * fact's value is written as is. Pure: no I/O.
 */
public final class ResultCodec {
  private ResultCodec() {}

  /** Writes results one after another into a block; the texts it has seen are referred to by number. */
  public static final class Encoder {
    private final Map<String, Integer> seen = new HashMap<>();

    public void write(Packing.Writer out, TargetResult r) {
      byte[] a = r.address().getAddress();
      out.write(a.length);
      out.write(a, 0, a.length);
      Packing.signed(out, r.at().getEpochSecond());
      Packing.varint(out, r.at().getNano());
      repeated(out, r.outcome().kind());
      repeated(out, r.outcome().detail());
      List<Fact> facts = r.outcome() instanceof Outcome.Ok ok ? ok.facts() : List.of();
      Packing.varint(out, facts.size());
      for (Fact f : facts) {
        repeated(out, f.attribute());
        Packing.text(out, f.value());
        repeated(out, f.detail());
      }
    }

    /** 0 and the text the first time in the block, then its number plus one. */
    private void repeated(Packing.Writer out, String s) {
      Integer k = seen.get(s);
      if (k != null) {
        Packing.varint(out, k + 1L);
        return;
      }
      seen.put(s, seen.size());
      Packing.varint(out, 0);
      Packing.text(out, s);
    }
  }

  /** Reads back what one {@link Encoder} wrote, in the same order. */
  public static final class Decoder {
    private final List<String> seen = new ArrayList<>();

    /** @throws IllegalStateException when the bytes are damaged (named by the reader's {@code what}) */
    public TargetResult read(Packing.Reader in) {
      InetAddress address;
      try {
        address = InetAddress.getByAddress(in.bytes(in.u8()));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("results set aside are damaged: " + e.getMessage(), e);
      }
      Instant at = Instant.ofEpochSecond(in.signed(), in.varint());
      String kind = repeated(in);
      String detail = repeated(in);
      int facts = (int) in.varint();
      List<Fact> list = new ArrayList<>(Math.min(facts, 16));
      for (int j = 0; j < facts; j++) list.add(new Fact(repeated(in), in.text(), repeated(in)));
      return new TargetResult(address, outcome(kind, detail, list), at);
    }

    private String repeated(Packing.Reader in) {
      long k = in.varint();
      if (k == 0) {
        String s = in.text();
        seen.add(s);
        return s;
      }
      if (k > seen.size()) throw new IllegalStateException("results set aside are damaged");
      return seen.get((int) k - 1);
    }
  }

  /** A batch as one block: its count, then each result. */
  public static byte[] encode(List<TargetResult> results) {
    Packing.Writer out = new Packing.Writer(results.size() * 48);
    Packing.varint(out, results.size());
    Encoder encoder = new Encoder();
    for (TargetResult r : results) encoder.write(out, r);
    return out.toByteArray();
  }

  /** The inverse of {@link #encode}. */
  public static List<TargetResult> decode(byte[] bytes) {
    Packing.Reader in = new Packing.Reader(bytes, "results set aside");
    int n = (int) in.varint();
    if (n < 0 || n > bytes.length) throw new IllegalStateException("results set aside are damaged");
    Decoder decoder = new Decoder();
    List<TargetResult> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(decoder.read(in));
    return out;
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
