package org.otactive.probe.wmi.rpc;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.wmi.ntlm.NtlmClient;
import org.otactive.probe.wmi.ntlm.NtlmException;
import org.otactive.probe.wmi.ntlm.NtlmSession;
import org.otactive.safety.Blocked;

/**
 * A DCE/RPC association over one TCP connection (ncacn_ip_tcp): bind with NTLM, then calls whose
 * requests and responses are fragmented, reassembled, signed and sealed as the level demands.
 *
 * <p>It reaches the network only through the {@link StreamConnection} it is given, which a probe
 * gets from its context, so every packet passes the run's gate. One call at a time; not
 * thread-safe. Every read has the given timeout, so a silent or slow server ends in an
 * {@link IOException}, never a hang.
 */
public final class RpcConnection implements AutoCloseable {
  /** What this client offers to send and receive in one fragment (Windows' customary value). */
  public static final int MAX_FRAG = 5840;
  /** The largest reassembled response accepted, against a peer that never sends LAST_FRAG. */
  public static final int MAX_RESPONSE = 16 << 20;
  private static final int AUTH_CONTEXT_ID = 0;

  private final StreamConnection stream;
  private final Duration timeout;
  private final AuthLevel level;
  private final NtlmSession session;
  private final int maxXmitFrag;
  private final SyntaxId firstInterface;
  private int nextCallId;
  private int nextContextId = 1;
  private boolean authenticatedCallDone;
  /** Request/answer round trips so far: the bind, each alter_context and each call. */
  private int exchanges = 1;

  private RpcConnection(StreamConnection stream, Duration timeout, AuthLevel level, NtlmSession session,
      int maxXmitFrag, SyntaxId firstInterface, int nextCallId) {
    this.stream = stream;
    this.timeout = timeout;
    this.level = level;
    this.session = session;
    this.maxXmitFrag = maxXmitFrag;
    this.firstInterface = firstInterface;
    this.nextCallId = nextCallId;
  }

  /**
   * Binds {@code iface} as presentation context 0 on a fresh connection and authenticates as
   * {@code auth} says (bind carrying NTLM NEGOTIATE, bind_ack carrying CHALLENGE, auth3 carrying
   * AUTHENTICATE).
   *
   * @param clock gives the time for the NTLMv2 response when the server sends no timestamp
   */
  public static RpcConnection bind(StreamConnection stream, SyntaxId iface, RpcAuth auth, InstantSource clock,
      Duration timeout) throws RpcException, IOException, Blocked, InterruptedException {
    SecureRandom random = new SecureRandom();
    NtlmClient ntlm = null;
    AuthLevel level = AuthLevel.NONE;
    Optional<AuthVerifier> verifier = Optional.empty();
    if (auth instanceof RpcAuth.Ntlm n) {
      level = n.level();
      byte[] clientChallenge = new byte[8];
      byte[] sessionKey = new byte[16];
      random.nextBytes(clientChallenge);
      random.nextBytes(sessionKey);
      ntlm = new NtlmClient(n.credentials(), level == AuthLevel.PKT_PRIVACY, n.workstation(), clientChallenge,
          sessionKey);
      verifier = Optional.of(new AuthVerifier(AuthVerifier.NTLM, level.code, 0, AUTH_CONTEXT_ID, ntlm.negotiate()));
    }
    int callId = 1;
    int flags = Pdu.FIRST_FRAG | Pdu.LAST_FRAG | (ntlm != null ? Pdu.SUPPORT_HEADER_SIGN : 0);
    Pdu.Bind bind = new Pdu.Bind(PduType.BIND, flags, callId, MAX_FRAG, MAX_FRAG, 0,
        List.of(new Pdu.PresentationContext(0, iface, List.of(SyntaxId.NDR20))), verifier);
    stream.write(PduCodec.encode(bind));
    Frame reply = readFrame(stream, timeout);
    Pdu.BindAck ack = switch (reply.pdu()) {
      case Pdu.BindAck a when a.type() == PduType.BIND_ACK -> a;
      case Pdu.BindNak nak -> throw new RpcBindException(
          "bind to " + iface + " refused: bind_nak " + FaultStatus.rejectReason(nak.reason()));
      case Pdu.Fault f -> throw new RpcFaultException(f.status(), "bind to " + iface);
      case Pdu other -> throw new RpcProtocolException("bind answered by " + other.type() + ", not bind_ack");
    };
    if (ack.callId() != callId) throw new RpcProtocolException("bind_ack for call " + ack.callId() + ", not " + callId);
    checkAccepted(ack, iface);
    NtlmSession session = null;
    if (ntlm != null) {
      byte[] challenge = ack.auth()
          .orElseThrow(() -> new RpcSecurityException("bind_ack carries no NTLM CHALLENGE", null)).token();
      NtlmClient.Authenticated done;
      try {
        done = ntlm.authenticate(challenge, NtlmClient.fileTime(clock.instant()));
      } catch (NtlmException e) {
        throw new RpcSecurityException("server's NTLM CHALLENGE is unacceptable: " + e.getMessage(), e);
      }
      session = done.session();
      stream.write(PduCodec.encode(new Pdu.Auth3(Pdu.FIRST_FRAG | Pdu.LAST_FRAG, callId,
          Optional.of(new AuthVerifier(AuthVerifier.NTLM, level.code, 0, AUTH_CONTEXT_ID, done.message())))));
    }
    int maxXmit = Math.min(MAX_FRAG, ack.maxRecvFrag());
    if (maxXmit < 128) throw new RpcProtocolException("server's max_recv_frag " + ack.maxRecvFrag() + " is too small");
    return new RpcConnection(stream, timeout, level, session, maxXmit, iface, callId + 1);
  }

  private static void checkAccepted(Pdu.BindAck ack, SyntaxId iface) throws RpcException {
    if (ack.results().isEmpty()) throw new RpcProtocolException(ack.type() + " has no presentation result");
    Pdu.ContextResult r = ack.results().get(0);
    if (!r.accepted()) {
      throw new RpcBindException("interface " + iface + " rejected: "
          + (r.result() == Pdu.ContextResult.USER_REJECTION ? "user_rejection, " : "provider_rejection, ")
          + FaultStatus.contextRejectReason(r.reason()));
    }
  }

  public AuthLevel level() {
    return level;
  }

  public int maxXmitFrag() {
    return maxXmitFrag;
  }

  /** Round trips on this connection so far: the bind, each alter_context and each call. */
  public int exchanges() {
    return exchanges;
  }

  /**
   * Adds {@code iface} as a further presentation context (alter_context) and returns its id.
   */
  public int alterContext(SyntaxId iface) throws RpcException, IOException, Blocked, InterruptedException {
    int contextId = nextContextId++;
    int callId = nextCallId++;
    exchanges++;
    stream.write(PduCodec.encode(new Pdu.Bind(PduType.ALTER_CONTEXT, Pdu.FIRST_FRAG | Pdu.LAST_FRAG, callId,
        MAX_FRAG, MAX_FRAG, 0, List.of(new Pdu.PresentationContext(contextId, iface, List.of(SyntaxId.NDR20))),
        Optional.empty())));
    Pdu reply = readFrame(stream, timeout).pdu();
    switch (reply) {
      case Pdu.BindAck a when a.type() == PduType.ALTER_CONTEXT_RESP -> checkAccepted(a, iface);
      case Pdu.Fault f -> throw new RpcFaultException(f.status(), "alter_context to " + iface);
      default -> throw new RpcProtocolException("alter_context answered by " + reply.type());
    }
    return contextId;
  }

  /** Calls {@code opnum} of the interface bound first. */
  public byte[] call(int opnum, byte[] stub) throws RpcException, IOException, Blocked, InterruptedException {
    return call(0, opnum, stub);
  }

  /**
   * Sends one request (in as many fragments as the server's max_recv_frag asks) and returns the
   * reassembled response stub.
   *
   * @throws RpcFaultException when the server answers with a fault
   * @throws RpcSecurityException when a response's signature does not verify
   */
  public byte[] call(int contextId, int opnum, byte[] stub)
      throws RpcException, IOException, Blocked, InterruptedException {
    return call(contextId, opnum, null, stub);
  }

  /**
   * Like {@link #call(int, int, byte[])}, with an object UUID in every fragment's header
   * (PFC_OBJECT_UUID): DCOM names the interface pointer a call is for, its IPID, this way.
   *
   * @param object the object UUID, or null for none
   */
  public byte[] call(int contextId, int opnum, UUID object, byte[] stub)
      throws RpcException, IOException, Blocked, InterruptedException {
    int callId = nextCallId++;
    exchanges++;
    String what = "call " + callId + " (opnum " + opnum + " of " + firstInterface + ")";
    sendRequest(contextId, opnum, Optional.ofNullable(object), stub, callId);
    try {
      byte[] result = receiveResponse(callId, what);
      authenticatedCallDone = true;
      return result;
    } catch (EOFException e) {
      if (session != null && !authenticatedCallDone) {
        throw new RpcSecurityException(what + ": server closed the connection after authentication"
            + " (wrong user name or password, or our signature was refused)", e);
      }
      throw e;
    }
  }

  private void sendRequest(int contextId, int opnum, Optional<UUID> object, byte[] stub, int callId)
      throws IOException, Blocked, InterruptedException {
    boolean signs = session != null && level.signs();
    int objectFlag = object.isPresent() ? Pdu.OBJECT_UUID : 0;
    int stubOffset = PduCodec.requestStubOffset(objectFlag);
    int overhead = stubOffset
        + (signs ? PduCodec.SEC_TRAILER_LENGTH + NtlmSession.SIGNATURE_LENGTH + AuthVerifier.STUB_ALIGNMENT : 0);
    // Fragments of whole 16-byte blocks, so only the last needs padding.
    int chunk = (maxXmitFrag - overhead) / AuthVerifier.STUB_ALIGNMENT * AuthVerifier.STUB_ALIGNMENT;
    int at = 0;
    do {
      int n = Math.min(chunk, stub.length - at);
      int flags = (at == 0 ? Pdu.FIRST_FRAG : 0) | (at + n == stub.length ? Pdu.LAST_FRAG : 0) | objectFlag;
      byte[] part = Arrays.copyOfRange(stub, at, at + n);
      Optional<AuthVerifier> verifier = signs
          ? Optional.of(new AuthVerifier(AuthVerifier.NTLM, level.code, AuthVerifier.padFor(n), AUTH_CONTEXT_ID,
              new byte[NtlmSession.SIGNATURE_LENGTH]))
          : Optional.empty();
      byte[] frame = PduCodec.encode(
          new Pdu.Request(flags, callId, stub.length - at, contextId, opnum, object, part, verifier));
      if (signs) protect(frame, stubOffset, n + verifier.get().padLength());
      stream.write(frame);
      at += n;
    } while (at < stub.length);
  }

  /** Seals (privacy) or signs (integrity) a request frame in place; its last 16 bytes are the signature. */
  private void protect(byte[] frame, int stubOffset, int sealedLength) {
    byte[] signed = Arrays.copyOf(frame, frame.length - NtlmSession.SIGNATURE_LENGTH);
    byte[] signature;
    if (level == AuthLevel.PKT_PRIVACY) {
      NtlmSession.Sealed sealed = session.seal(signed, stubOffset, sealedLength);
      System.arraycopy(sealed.encrypted(), 0, frame, stubOffset, sealedLength);
      signature = sealed.signature();
    } else {
      signature = session.sign(signed);
    }
    System.arraycopy(signature, 0, frame, signed.length, signature.length);
  }

  private byte[] receiveResponse(int callId, String what) throws RpcException, IOException {
    ByteArrayOutputStream stub = new ByteArrayOutputStream();
    boolean first = true;
    while (true) {
      Frame frame = readFrame(stream, timeout);
      if (frame.pdu().callId() != callId) {
        throw new RpcProtocolException(what + ": answer for call " + frame.pdu().callId());
      }
      switch (frame.pdu()) {
        case Pdu.Response r -> {
          if (first && (r.flags() & Pdu.FIRST_FRAG) == 0) {
            throw new RpcProtocolException(what + ": first response fragment lacks FIRST_FRAG");
          }
          first = false;
          byte[] part = unprotect(frame.bytes(), r, what);
          if (stub.size() + part.length > MAX_RESPONSE) {
            throw new RpcProtocolException(what + ": response larger than " + MAX_RESPONSE + " bytes");
          }
          stub.writeBytes(part);
          if ((r.flags() & Pdu.LAST_FRAG) != 0) return stub.toByteArray();
        }
        case Pdu.Fault f -> throw new RpcFaultException(f.status(), what, hint(f.status()));
        case Pdu.Shutdown s -> throw new RpcProtocolException(what + ": server sent shutdown");
        default -> throw new RpcProtocolException(what + ": answered by " + frame.pdu().type());
      }
    }
  }

  /**
   * What a fault most likely means here. Servers do not say why authentication failed: Samba
   * answers the first call after a failed AUTH3 with nca_s_proto_error, Windows with ERROR_ACCESS_DENIED.
   */
  private String hint(int status) {
    boolean firstAuthenticatedCall = session != null && !authenticatedCallDone;
    return switch (status) {
      case FaultStatus.NCA_S_PROTO_ERROR -> firstAuthenticatedCall
          ? "authentication failed: wrong user name or password?" : "";
      case FaultStatus.ACCESS_DENIED -> level == AuthLevel.CONNECT
          ? "the server refuses authentication level CONNECT; use PKT_INTEGRITY or PKT_PRIVACY"
          : firstAuthenticatedCall ? "authentication failed, or the account lacks the rights for this call"
          : "the account lacks the rights for this call";
      default -> FaultStatus.likelyCause(status);
    };
  }

  /** Checks (and for privacy decrypts) one response fragment; returns its stub. */
  private byte[] unprotect(byte[] frame, Pdu.Response r, String what) throws RpcException {
    if (session == null || !level.signs()) return r.stub();
    AuthVerifier v = r.auth().orElseThrow(() -> new RpcSecurityException(
        what + ": response is not signed although the connection is at " + level, null));
    if (v.level() != level.code || v.authType() != AuthVerifier.NTLM) {
      throw new RpcSecurityException(what + ": response protected at level " + v.level() + " of provider "
          + v.authType() + ", expected " + level + " of NTLM", null);
    }
    byte[] signed = Arrays.copyOf(frame, frame.length - v.token().length);
    try {
      if (level == AuthLevel.PKT_PRIVACY) {
        int sealed = r.stub().length + v.padLength();
        return Arrays.copyOf(session.unseal(signed, PduCodec.RESPONSE_STUB_OFFSET, sealed, v.token()),
            r.stub().length);
      }
      session.verify(signed, v.token());
      return r.stub();
    } catch (NtlmException e) {
      throw new RpcSecurityException(what + ": response signature check failed: " + e.getMessage(), e);
    }
  }

  /** A decoded frame with the bytes it came from, which signatures cover. */
  private record Frame(Pdu pdu, byte[] bytes) {}

  private static Frame readFrame(StreamConnection stream, Duration timeout) throws IOException, RpcProtocolException {
    byte[] header = stream.readFully(PduCodec.HEADER_LENGTH, timeout);
    try {
      PduCodec.Header h = PduCodec.header(header);
      byte[] rest = stream.readFully(h.fragLength() - PduCodec.HEADER_LENGTH, timeout);
      byte[] frame = new byte[h.fragLength()];
      System.arraycopy(header, 0, frame, 0, header.length);
      System.arraycopy(rest, 0, frame, header.length, rest.length);
      return new Frame(PduCodec.decode(frame), frame);
    } catch (PduFormatException e) {
      throw new RpcProtocolException("malformed PDU from the server: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    stream.close();
  }
}
