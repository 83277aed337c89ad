package org.otactive.probe.wmi.rpc;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.otactive.probe.StreamConnection;
import org.otactive.probe.wmi.ntlm.AvPair;
import org.otactive.probe.wmi.ntlm.NtlmCodec;
import org.otactive.probe.wmi.ntlm.NtlmCrypto;
import org.otactive.probe.wmi.ntlm.NtlmMessage;
import org.otactive.probe.wmi.ntlm.NtlmSession;
import org.otactive.probe.wmi.ntlm.TargetInfo;

/**
 * An in-memory DCE/RPC server for one connection, built from the specs in the test: it answers a
 * bind with an NTLM CHALLENGE, derives the session from the AUTHENTICATE with the password it
 * knows, reassembles requests and answers each with {@link #responder}'s stub, sent in fragments
 * of {@link #responseFragment} stub bytes, signed or sealed at the client's level.
 */
public final class ScriptedRpcServer implements StreamConnection {
  /** The response stub for a request. */
  public interface Responder {
    byte[] answer(int opnum, byte[] stub);
  }

  private final String password;
  private final Responder responder;
  private final int responseFragment;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final ByteArrayOutputStream request = new ByteArrayOutputStream();
  private byte[] inbox = new byte[0];
  private int inboxAt;
  private byte[] negotiate;
  private byte[] challenge;
  private NtlmSession session;
  private int level;
  final java.util.List<Integer> requestFragments = new java.util.ArrayList<>();
  /** The object UUID of each request fragment, or null where it had none. */
  final java.util.List<java.util.UUID> requestObjects = new java.util.ArrayList<>();

  public ScriptedRpcServer(String password, int responseFragment, Responder responder) {
    this.password = password;
    this.responseFragment = responseFragment;
    this.responder = responder;
  }

  @Override
  public void write(byte[] frame) {
    if (closed) throw new IllegalStateException("write after close");
    try {
      handle(PduCodec.decode(frame), frame);
    } catch (Exception e) {
      throw new AssertionError("scripted server could not handle a client frame: " + e, e);
    }
  }

  private void handle(Pdu pdu, byte[] frame) throws Exception {
    switch (pdu) {
      case Pdu.Bind b when b.type() == PduType.ALTER_CONTEXT && b.auth().isEmpty() ->
          send(new Pdu.BindAck(PduType.ALTER_CONTEXT_RESP, Pdu.FIRST_FRAG | Pdu.LAST_FRAG, b.callId(), 4280, 4280, 0x1234,
              "", List.of(new Pdu.ContextResult(0, 0, SyntaxId.NDR20)), Optional.empty()));
      case Pdu.Bind b -> {
        negotiate = b.auth().orElseThrow().token();
        level = b.auth().get().level();
        TargetInfo info = new TargetInfo(List.of(AvPair.text(AvPair.NB_COMPUTER_NAME, "SCRIPTED"),
            new AvPair(AvPair.TIMESTAMP, new byte[] {0, 0, 0, 0, 0, 0, 0, 1})));
        challenge = NtlmCodec.encode(new NtlmMessage.Challenge(NtlmCodec.decode(negotiate).flags(),
            HexFormat.of().parseHex("0102030405060708"), "SCRIPTED", info, new byte[8]));
        send(new Pdu.BindAck(PduType.BIND_ACK, Pdu.FIRST_FRAG | Pdu.LAST_FRAG, b.callId(), 4280, 4280, 0x1234, "135",
            List.of(new Pdu.ContextResult(0, 0, SyntaxId.NDR20)),
            Optional.of(new AuthVerifier(AuthVerifier.NTLM, level, 0, 0, challenge))));
      }
      case Pdu.Auth3 a -> {
        NtlmMessage.Authenticate m = (NtlmMessage.Authenticate) NtlmCodec.decode(a.auth().orElseThrow().token());
        byte[] key = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash(password), m.user(), m.domain());
        byte[] proof = Arrays.copyOf(m.ntChallengeResponse(), 16);
        byte[] blob = Arrays.copyOfRange(m.ntChallengeResponse(), 16, m.ntChallengeResponse().length);
        if (!Arrays.equals(proof, NtlmCrypto.hmacMd5(key, HexFormat.of().parseHex("0102030405060708"), blob))) {
          throw new AssertionError("NTProofStr does not verify");
        }
        byte[] exported = NtlmCrypto.rc4(NtlmCrypto.hmacMd5(key, proof), m.encryptedRandomSessionKey());
        session = NtlmSession.server(m.flags(), exported);
      }
      case Pdu.Request r -> {
        requestFragments.add(frame.length);
        requestObjects.add(r.object().orElse(null));
        AuthVerifier v = r.auth().orElseThrow();
        byte[] signed = Arrays.copyOf(frame, frame.length - 16);
        byte[] stub = r.stub();
        if (level == AuthLevel.PKT_PRIVACY.code) {
          stub = Arrays.copyOf(session.unseal(signed, PduCodec.requestStubOffset(r.flags()), stub.length + v.padLength(),
              v.token()), stub.length);
        } else {
          session.verify(signed, v.token());
        }
        request.writeBytes(stub);
        if ((r.flags() & Pdu.LAST_FRAG) != 0) {
          respond(r.callId(), responder.answer(r.opnum(), request.toByteArray()));
          request.reset();
        }
      }
      default -> throw new AssertionError("unexpected " + pdu.type());
    }
  }

  private void respond(int callId, byte[] stub) {
    int at = 0;
    do {
      int n = Math.min(responseFragment, stub.length - at);
      int flags = (at == 0 ? Pdu.FIRST_FRAG : 0) | (at + n == stub.length ? Pdu.LAST_FRAG : 0);
      byte[] part = Arrays.copyOfRange(stub, at, at + n);
      int pad = AuthVerifier.padFor(n);
      byte[] frame = PduCodec.encode(new Pdu.Response(flags, callId, stub.length - at, 0, 0, part,
          Optional.of(new AuthVerifier(AuthVerifier.NTLM, level, pad, 0, new byte[16]))));
      byte[] signed = Arrays.copyOf(frame, frame.length - 16);
      byte[] signature;
      if (level == AuthLevel.PKT_PRIVACY.code) {
        NtlmSession.Sealed sealed = session.seal(signed, PduCodec.RESPONSE_STUB_OFFSET, n + pad);
        System.arraycopy(sealed.encrypted(), 0, frame, PduCodec.RESPONSE_STUB_OFFSET, n + pad);
        signature = sealed.signature();
      } else {
        signature = session.sign(signed);
      }
      System.arraycopy(signature, 0, frame, signed.length, 16);
      pending.writeBytes(frame);
      at += n;
    } while (at < stub.length);
  }

  private void send(Pdu pdu) {
    pending.writeBytes(PduCodec.encode(pdu));
  }

  @Override
  public byte[] readFully(int n, Duration timeout) throws IOException {
    if (inboxAt == inbox.length) {
      inbox = pending.toByteArray();
      inboxAt = 0;
      pending.reset();
    }
    if (inbox.length - inboxAt < n) throw new EOFException("scripted server has nothing more to say");
    byte[] out = Arrays.copyOfRange(inbox, inboxAt, inboxAt + n);
    inboxAt += n;
    return out;
  }

  private boolean closed;

  @Override
  public void close() {
    closed = true;
  }
}
