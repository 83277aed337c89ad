package org.otactive.probe.wmi.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Bytes to {@link Pdu} and back for connection-oriented DCE/RPC (C706 12.6, MS-RPCE 2.2.2). Pure:
 * no I/O, no clock. Only little-endian, ASCII, IEEE data representation is spoken.
 *
 * <p>A frame is one PDU (one fragment): a 16-byte common header whose frag_length covers all of it,
 * the type's body, then, when auth_length is not zero, padding, the 8-byte sec_trailer and the
 * auth_length bytes of the verifier. The decoder checks each length against the frame and throws
 * only {@link PduFormatException}.
 */
public final class PduCodec {
  private PduCodec() {}

  public static final int HEADER_LENGTH = 16;
  public static final int SEC_TRAILER_LENGTH = 8;
  /** Where a request's stub starts when it has no object UUID. */
  public static final int REQUEST_STUB_OFFSET = 24;
  /** Where a request's stub starts when it carries an object UUID (PFC_OBJECT_UUID): 16 bytes later. */
  public static final int REQUEST_STUB_OFFSET_WITH_OBJECT = 40;
  /** Where a response's stub starts. */
  public static final int RESPONSE_STUB_OFFSET = 24;
  private static final byte[] DREP = {0x10, 0, 0, 0};

  // ---- encoding

  public static byte[] encode(Pdu pdu) {
    Out body = new Out();
    switch (pdu) {
      case Pdu.Bind b -> {
        body.u16(b.maxXmitFrag()).u16(b.maxRecvFrag()).u32(b.assocGroup());
        body.u8(b.contexts().size()).u8(0).u16(0);
        for (Pdu.PresentationContext c : b.contexts()) {
          body.u16(c.id()).u8(c.transferSyntaxes().size()).u8(0);
          syntax(body, c.abstractSyntax());
          c.transferSyntaxes().forEach(s -> syntax(body, s));
        }
      }
      case Pdu.BindAck a -> {
        body.u16(a.maxXmitFrag()).u16(a.maxRecvFrag()).u32(a.assocGroup());
        byte[] addr = a.secondaryAddress().isEmpty() ? new byte[0]
            : (a.secondaryAddress() + "\0").getBytes(StandardCharsets.US_ASCII);
        body.u16(addr.length).bytes(addr);
        body.alignFrom(HEADER_LENGTH, 4);
        body.u8(a.results().size()).u8(0).u16(0);
        for (Pdu.ContextResult r : a.results()) {
          body.u16(r.result()).u16(r.reason());
          syntax(body, r.transferSyntax());
        }
      }
      case Pdu.BindNak n -> body.u16(n.reason()).u8(0);
      case Pdu.Auth3 a -> body.u32(0);
      case Pdu.Request r -> {
        body.u32(r.allocHint()).u16(r.contextId()).u16(r.opnum());
        r.object().ifPresent(u -> body.bytes(Guids.encode(u)));
        body.bytes(r.stub());
      }
      case Pdu.Response r -> body.u32(r.allocHint()).u16(r.contextId()).u8(r.cancelCount()).u8(0).bytes(r.stub());
      case Pdu.Fault f -> body.u32(f.allocHint()).u16(f.contextId()).u8(f.cancelCount()).u8(0).u32(f.status()).u32(0);
      case Pdu.Shutdown s -> { }
    }
    int authLength = 0;
    if (pdu.auth().isPresent()) {
      AuthVerifier v = pdu.auth().get();
      body.bytes(new byte[v.padLength()]);
      body.u8(v.authType()).u8(v.level()).u8(v.padLength()).u8(0).u32(v.contextId()).bytes(v.token());
      authLength = v.token().length;
    }
    int fragLength = HEADER_LENGTH + body.size();
    if (fragLength > 0xFFFF || authLength > 0xFFFF) throw new IllegalArgumentException("PDU longer than 65535 bytes");
    Out frame = new Out();
    frame.u8(5).u8(0).u8(pdu.type().code).u8(pdu.flags()).bytes(DREP).u16(fragLength).u16(authLength).u32(pdu.callId());
    frame.bytes(body.toByteArray());
    return frame.toByteArray();
  }

  private static void syntax(Out out, SyntaxId s) {
    out.bytes(Guids.encode(s.uuid())).u16(s.major()).u16(s.minor());
  }

  /** Where the stub of a request with these header flags starts. */
  public static int requestStubOffset(int flags) {
    return (flags & Pdu.OBJECT_UUID) != 0 ? REQUEST_STUB_OFFSET_WITH_OBJECT : REQUEST_STUB_OFFSET;
  }

  // ---- decoding

  /** The parts of the common header a reader needs before it has the whole frame. */
  public record Header(PduType type, int flags, int fragLength, int authLength, int callId) {}

  /** Reads and checks the 16-byte common header. */
  public static Header header(byte[] b) throws PduFormatException {
    if (b.length < HEADER_LENGTH) throw new PduFormatException("PDU shorter than its 16-byte header");
    if (b[0] != 5 || b[1] != 0) {
      throw new PduFormatException("not DCE/RPC connection-oriented version 5.0 (got " + b[0] + "." + b[1] + ")");
    }
    PduType type = PduType.of(b[2] & 0xFF);
    if (type == null) throw new PduFormatException("unknown PDU type " + (b[2] & 0xFF));
    if ((b[4] & 0xF0) != 0x10 || (b[4] & 0x0F) != 0 || b[5] != 0) {
      throw new PduFormatException(String.format(
          "unsupported data representation %02x %02x (only little-endian ASCII IEEE)", b[4] & 0xFF, b[5] & 0xFF));
    }
    int fragLength = le16(b, 8);
    int authLength = le16(b, 10);
    if (fragLength < HEADER_LENGTH) throw new PduFormatException("frag_length " + fragLength + " is below 16");
    if (authLength > 0 && HEADER_LENGTH + SEC_TRAILER_LENGTH + authLength > fragLength) {
      throw new PduFormatException("auth_length " + authLength + " does not fit frag_length " + fragLength);
    }
    return new Header(type, b[3] & 0xFF, fragLength, authLength, le32(b, 12));
  }

  /** Reads one whole frame. */
  public static Pdu decode(byte[] b) throws PduFormatException {
    Header h = header(b);
    if (h.fragLength() != b.length) {
      throw new PduFormatException("frag_length " + h.fragLength() + " but the frame has " + b.length + " bytes");
    }
    int bodyEnd = b.length;
    Optional<AuthVerifier> auth = Optional.empty();
    if (h.authLength() > 0) {
      int trailer = b.length - h.authLength() - SEC_TRAILER_LENGTH;
      int pad = b[trailer + 2] & 0xFF;
      auth = Optional.of(new AuthVerifier(b[trailer] & 0xFF, b[trailer + 1] & 0xFF, pad, le32(b, trailer + 4),
          java.util.Arrays.copyOfRange(b, trailer + SEC_TRAILER_LENGTH, b.length)));
      bodyEnd = trailer - pad;
      if (bodyEnd < HEADER_LENGTH) throw new PduFormatException("auth_pad_length " + pad + " reaches into the header");
    }
    In in = new In(b, HEADER_LENGTH, bodyEnd);
    int flags = h.flags();
    int callId = h.callId();
    return switch (h.type()) {
      case BIND, ALTER_CONTEXT -> {
        int xmit = in.u16(), recv = in.u16(), group = in.u32();
        int n = in.u8();
        in.skip(3);
        List<Pdu.PresentationContext> contexts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int id = in.u16(), count = in.u8();
          in.skip(1);
          SyntaxId abstractSyntax = syntax(in);
          List<SyntaxId> transfers = new ArrayList<>();
          for (int t = 0; t < count; t++) transfers.add(syntax(in));
          contexts.add(new Pdu.PresentationContext(id, abstractSyntax, transfers));
        }
        yield new Pdu.Bind(h.type(), flags, callId, xmit, recv, group, contexts, auth);
      }
      case BIND_ACK, ALTER_CONTEXT_RESP -> {
        int xmit = in.u16(), recv = in.u16(), group = in.u32();
        int addrLength = in.u16();
        byte[] addr = in.bytes(addrLength);
        in.alignFrom(4);
        int n = in.u8();
        in.skip(3);
        List<Pdu.ContextResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) results.add(new Pdu.ContextResult(in.u16(), in.u16(), syntax(in)));
        String address = new String(addr, StandardCharsets.ISO_8859_1);
        if (address.endsWith("\0")) address = address.substring(0, address.length() - 1);
        yield new Pdu.BindAck(h.type(), flags, callId, xmit, recv, group, address, results, auth);
      }
      case BIND_NAK -> new Pdu.BindNak(flags, callId, in.u16());
      case AUTH3 -> new Pdu.Auth3(flags, callId, auth);
      case REQUEST -> {
        int hint = in.u32(), ctx = in.u16(), opnum = in.u16();
        Optional<UUID> object = (flags & Pdu.OBJECT_UUID) != 0 ? Optional.of(in.uuid()) : Optional.empty();
        yield new Pdu.Request(flags, callId, hint, ctx, opnum, object, in.rest(), auth);
      }
      case RESPONSE -> {
        int hint = in.u32(), ctx = in.u16(), cancels = in.u8();
        in.skip(1);
        yield new Pdu.Response(flags, callId, hint, ctx, cancels, in.rest(), auth);
      }
      case FAULT -> {
        int hint = in.u32(), ctx = in.u16(), cancels = in.u8();
        in.skip(1);
        yield new Pdu.Fault(flags, callId, hint, ctx, cancels, in.u32(), auth);
      }
      case SHUTDOWN -> new Pdu.Shutdown(flags, callId);
      case CO_CANCEL, ORPHANED -> throw new PduFormatException(h.type() + " PDUs are sent by clients only");
    };
  }

  private static SyntaxId syntax(In in) throws PduFormatException {
    UUID u = in.uuid();
    return new SyntaxId(u, in.u16(), in.u16());
  }

  static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  static int le32(byte[] b, int at) {
    return le16(b, at) | le16(b, at + 2) << 16;
  }

  /** A bounded little-endian cursor over a frame's body. */
  private static final class In {
    private final byte[] b;
    private int at;
    private final int end;

    In(byte[] b, int from, int end) {
      this.b = b;
      this.at = from;
      this.end = end;
    }

    private void need(int n) throws PduFormatException {
      if (n < 0 || at + n > end) {
        throw new PduFormatException("PDU body ends at byte " + end + ", needed " + n + " more at " + at);
      }
    }

    int u8() throws PduFormatException {
      need(1);
      return b[at++] & 0xFF;
    }

    int u16() throws PduFormatException {
      need(2);
      int v = le16(b, at);
      at += 2;
      return v;
    }

    int u32() throws PduFormatException {
      need(4);
      int v = le32(b, at);
      at += 4;
      return v;
    }

    void skip(int n) throws PduFormatException {
      need(n);
      at += n;
    }

    byte[] bytes(int n) throws PduFormatException {
      need(n);
      byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
      at += n;
      return out;
    }

    UUID uuid() throws PduFormatException {
      need(16);
      UUID u = Guids.decode(b, at);
      at += 16;
      return u;
    }

    void alignFrom(int n) throws PduFormatException {
      skip((n - at % n) % n);
    }

    byte[] rest() {
      byte[] out = java.util.Arrays.copyOfRange(b, at, end);
      at = end;
      return out;
    }
  }

  /** A little-endian byte builder. */
  static final class Out {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Out u8(int v) {
      out.write(v);
      return this;
    }

    Out u16(int v) {
      out.write(v);
      out.write(v >>> 8);
      return this;
    }

    Out u32(int v) {
      return u16(v).u16(v >>> 16);
    }

    Out bytes(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    /** Pads with zeros so that {@code base + size} is a multiple of {@code n}. */
    Out alignFrom(int base, int n) {
      while ((base + out.size()) % n != 0) out.write(0);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
