package org.otactive.testing.fakewindows;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.otactive.probe.wmi.ntlm.NtlmException;
import org.otactive.probe.wmi.ntlm.NtlmSession;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.probe.wmi.rpc.AuthVerifier;
import org.otactive.probe.wmi.rpc.FaultStatus;
import org.otactive.probe.wmi.rpc.Pdu;
import org.otactive.probe.wmi.rpc.PduCodec;
import org.otactive.probe.wmi.rpc.PduFormatException;
import org.otactive.probe.wmi.rpc.PduType;
import org.otactive.probe.wmi.rpc.SyntaxId;

/**
 * The server side of one DCE/RPC connection, as Windows keeps it: presentation contexts added by
 * bind and alter_context, any number of NTLM security contexts (each bind or alter_context that
 * carries a NEGOTIATE starts one under its auth_context_id, its AUTH3 completes it), requests
 * reassembled from fragments and checked with the security context their trailer names, and each
 * response protected at the level of the request it answers.
 */
final class RpcServerConnection implements Runnable {
  static final int MAX_FRAG = 5840;

  /** What serves the calls of this connection's endpoint. */
  interface Endpoint {
    boolean serves(SyntaxId abstractSyntax);

    Answer call(Call call);
  }

  /** One reassembled request. */
  record Call(SyntaxId iface, int opnum, UUID object, byte[] stub, AuthLevel level, String user) {}

  /** A call's outcome: a response stub, a fault, or no answer at all (a host that stopped). */
  sealed interface Answer {
    record Stub(byte[] bytes) implements Answer {}

    record Fault(int status) implements Answer {}

    record Silence() implements Answer {}
  }

  private static final class SecurityContext {
    final int authLevel;
    final NtlmServer ntlm;
    NtlmSession session;
    String user;
    boolean failed;
    boolean faulted;

    SecurityContext(int authLevel, NtlmServer ntlm) {
      this.authLevel = authLevel;
      this.ntlm = ntlm;
    }
  }

  private final Socket socket;
  private final Endpoint endpoint;
  private final HostIdentity identity;
  private final Clock clock;
  private final String secondaryAddress;
  private final Map<Integer, SyntaxId> contexts = new HashMap<>();
  private final Map<Integer, SecurityContext> security = new HashMap<>();
  private final Map<Integer, ByteArrayOutputStream> partial = new HashMap<>();
  private int clientMaxRecv = MAX_FRAG;
  private int assocGroup;

  private final java.util.function.Consumer<String> events;
  private final Runnable onFrame;

  RpcServerConnection(Socket socket, Endpoint endpoint, HostIdentity identity, Clock clock,
      java.util.function.Consumer<String> events, Runnable onFrame) {
    this.events = events;
    this.onFrame = onFrame;
    this.socket = socket;
    this.endpoint = endpoint;
    this.identity = identity;
    this.clock = clock;
    this.secondaryAddress = Integer.toString(socket.getLocalPort());
  }

  @Override
  public void run() {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        byte[] header = new byte[PduCodec.HEADER_LENGTH];
        in.readFully(header);
        PduCodec.Header h = PduCodec.header(header);
        byte[] frame = Arrays.copyOf(header, h.fragLength());
        in.readFully(frame, PduCodec.HEADER_LENGTH, h.fragLength() - PduCodec.HEADER_LENGTH);
        onFrame.run();
        for (byte[] reply : handle(PduCodec.decode(frame), frame)) out.write(reply);
        out.flush();
      }
    } catch (IOException | PduFormatException e) {
      // the client went away or broke the protocol: the connection ends, as Windows' would
    }
  }

  private List<byte[]> handle(Pdu pdu, byte[] frame) {
    return switch (pdu) {
      case Pdu.Bind b -> List.of(bind(b));
      case Pdu.Auth3 a -> {
        auth3(a);
        yield List.of();
      }
      case Pdu.Request r -> request(r, frame);
      default -> List.of();
    };
  }

  private byte[] bind(Pdu.Bind b) {
    boolean alter = b.type() == PduType.ALTER_CONTEXT;
    Optional<AuthVerifier> reply = Optional.empty();
    if (b.auth().isPresent()) {
      AuthVerifier v = b.auth().get();
      if (v.authType() != AuthVerifier.NTLM) {
        return PduCodec.encode(new Pdu.BindNak(Pdu.FIRST_FRAG | Pdu.LAST_FRAG, b.callId(), 8));
      }
      SecurityContext ctx = new SecurityContext(v.level(), new NtlmServer(identity.user(), identity.password(),
          identity.computerName()));
      security.put(v.contextId(), ctx);
      try {
        byte[] challenge = ctx.ntlm.challenge(v.token(), clock.instant());
        reply = Optional.of(new AuthVerifier(AuthVerifier.NTLM, v.level(), 0, v.contextId(), challenge));
      } catch (NtlmException e) {
        ctx.failed = true;
      }
    }
    List<Pdu.ContextResult> results = new ArrayList<>();
    for (Pdu.PresentationContext c : b.contexts()) {
      boolean ndr = c.transferSyntaxes().contains(SyntaxId.NDR20);
      if (endpoint.serves(c.abstractSyntax()) && ndr) {
        contexts.put(c.id(), c.abstractSyntax());
        results.add(new Pdu.ContextResult(Pdu.ContextResult.ACCEPTANCE, 0, SyntaxId.NDR20));
      } else {
        results.add(new Pdu.ContextResult(Pdu.ContextResult.PROVIDER_REJECTION, ndr ? 1 : 2,
            new SyntaxId(new UUID(0, 0), 0, 0)));
      }
    }
    if (!alter) {
      clientMaxRecv = Math.min(MAX_FRAG, b.maxRecvFrag());
      assocGroup = b.assocGroup() != 0 ? b.assocGroup() : 0x1000 + (int) (Math.random() * 0xF000);
    }
    return PduCodec.encode(new Pdu.BindAck(alter ? PduType.ALTER_CONTEXT_RESP : PduType.BIND_ACK,
        Pdu.FIRST_FRAG | Pdu.LAST_FRAG, b.callId(), MAX_FRAG, MAX_FRAG, assocGroup, alter ? "" : secondaryAddress,
        results, reply));
  }

  private void auth3(Pdu.Auth3 a) {
    if (a.auth().isEmpty()) return;
    SecurityContext ctx = security.get(a.auth().get().contextId());
    if (ctx == null || ctx.failed) return;
    try {
      NtlmServer.Result r = ctx.ntlm.authenticate(a.auth().get().token());
      if (r == null) {
        ctx.failed = true;
        events.accept("NTLM logon refused on port " + socket.getLocalPort());
      } else {
        ctx.session = r.session();
        ctx.user = r.user();
        long established = security.values().stream().filter(c -> c.session != null).count();
        events.accept("NTLM logon of " + r.user() + " on port " + socket.getLocalPort() + " (security context "
            + a.auth().get().contextId() + ", " + established + " on this connection)");
      }
    } catch (NtlmException e) {
      ctx.failed = true;
    }
  }

  private List<byte[]> request(Pdu.Request r, byte[] frame) {
    SyntaxId iface = contexts.get(r.contextId());
    if (iface == null) return List.of(fault(r, FaultStatus.NCA_S_UNK_IF));
    AuthLevel level = AuthLevel.NONE;
    SecurityContext ctx = null;
    byte[] stub = r.stub();
    if (r.auth().isPresent()) {
      AuthVerifier v = r.auth().get();
      ctx = security.get(v.contextId());
      level = AuthLevel.of(v.level());
      if (ctx == null || level == null) return List.of(fault(r, FaultStatus.RPC_S_SEC_PKG_ERROR));
      if (ctx.failed || ctx.session == null) {
        // Windows answers the first call of a failed logon with access denied
        return List.of(fault(r, FaultStatus.ACCESS_DENIED));
      }
      try {
        byte[] signed = Arrays.copyOf(frame, frame.length - v.token().length);
        if (level == AuthLevel.PKT_PRIVACY) {
          stub = Arrays.copyOf(ctx.session.unseal(signed, PduCodec.requestStubOffset(r.flags()),
              stub.length + v.padLength(), v.token()), stub.length);
        } else if (level == AuthLevel.PKT_INTEGRITY) {
          ctx.session.verify(signed, v.token());
        }
      } catch (NtlmException e) {
        return List.of(fault(r, FaultStatus.RPC_S_SEC_PKG_ERROR));
      }
    }
    ByteArrayOutputStream sofar = partial.computeIfAbsent(r.callId(), k -> new ByteArrayOutputStream());
    if ((r.flags() & Pdu.FIRST_FRAG) != 0) sofar.reset();
    sofar.writeBytes(stub);
    if ((r.flags() & Pdu.LAST_FRAG) == 0) return List.of();
    partial.remove(r.callId());
    Answer answer = endpoint.call(new Call(iface, r.opnum(), r.object().orElse(null), sofar.toByteArray(), level,
        ctx == null ? null : ctx.user));
    return switch (answer) {
      case Answer.Stub s -> respond(r, s.bytes(), level, ctx);
      case Answer.Fault f -> List.of(fault(r, f.status()));
      case Answer.Silence s -> List.of();
    };
  }

  private byte[] fault(Pdu.Request r, int status) {
    return PduCodec.encode(new Pdu.Fault(Pdu.FIRST_FRAG | Pdu.LAST_FRAG | Pdu.DID_NOT_EXECUTE, r.callId(), 32,
        r.contextId(), 0, status, Optional.empty()));
  }

  /** The response in fragments no larger than the client receives, protected as the request was. */
  private List<byte[]> respond(Pdu.Request r, byte[] stub, AuthLevel level, SecurityContext ctx) {
    boolean signs = ctx != null && level.signs();
    int overhead = PduCodec.RESPONSE_STUB_OFFSET
        + (signs ? PduCodec.SEC_TRAILER_LENGTH + NtlmSession.SIGNATURE_LENGTH + AuthVerifier.STUB_ALIGNMENT : 0);
    int chunk = (clientMaxRecv - overhead) / AuthVerifier.STUB_ALIGNMENT * AuthVerifier.STUB_ALIGNMENT;
    List<byte[]> frames = new ArrayList<>();
    int at = 0;
    do {
      int n = Math.min(chunk, stub.length - at);
      int flags = (at == 0 ? Pdu.FIRST_FRAG : 0) | (at + n == stub.length ? Pdu.LAST_FRAG : 0);
      byte[] part = Arrays.copyOfRange(stub, at, at + n);
      int authCtx = r.auth().map(AuthVerifier::contextId).orElse(0);
      Optional<AuthVerifier> v = r.auth().isPresent()
          ? Optional.of(new AuthVerifier(AuthVerifier.NTLM, level.code, signs ? AuthVerifier.padFor(n) : 0, authCtx,
              new byte[signs ? NtlmSession.SIGNATURE_LENGTH : 0]))
          : Optional.empty();
      byte[] frame = PduCodec.encode(new Pdu.Response(flags, r.callId(), stub.length - at, r.contextId(), 0, part, v));
      if (signs) {
        int sealed = n + v.get().padLength();
        byte[] signed = Arrays.copyOf(frame, frame.length - NtlmSession.SIGNATURE_LENGTH);
        byte[] signature;
        if (level == AuthLevel.PKT_PRIVACY) {
          NtlmSession.Sealed s = ctx.session.seal(signed, PduCodec.RESPONSE_STUB_OFFSET, sealed);
          System.arraycopy(s.encrypted(), 0, frame, PduCodec.RESPONSE_STUB_OFFSET, sealed);
          signature = s.signature();
        } else {
          signature = ctx.session.sign(signed);
        }
        System.arraycopy(signature, 0, frame, signed.length, signature.length);
      }
      frames.add(frame);
      at += n;
    } while (at < stub.length);
    return frames;
  }
}
