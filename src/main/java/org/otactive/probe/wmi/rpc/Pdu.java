package org.otactive.probe.wmi.rpc;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The connection-oriented DCE/RPC PDUs (C706 chapter 12, MS-RPCE 2.2.2) this client sends or
 * receives. Every PDU has header flags, a call id and, when authenticated, an {@link AuthVerifier}.
 * Byte arrays are copied in and out.
 */
public sealed interface Pdu {
  int FIRST_FRAG = 0x01;
  int LAST_FRAG = 0x02;
  /** In a bind: the client can sign PDU headers; echoed by a server that will. */
  int SUPPORT_HEADER_SIGN = 0x04;
  int CONC_MPX = 0x10;
  int DID_NOT_EXECUTE = 0x20;
  int OBJECT_UUID = 0x80;

  int flags();

  int callId();

  /** The authentication trailer, when the PDU carries one. */
  Optional<AuthVerifier> auth();

  PduType type();

  /** An abstract syntax offered with the transfer syntaxes the client can use for it. */
  record PresentationContext(int id, SyntaxId abstractSyntax, List<SyntaxId> transferSyntaxes) {
    public PresentationContext {
      transferSyntaxes = List.copyOf(transferSyntaxes);
    }
  }

  /** The server's answer to one presentation context (p_result_t). */
  record ContextResult(int result, int reason, SyntaxId transferSyntax) {
    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int PROVIDER_REJECTION = 2;

    public boolean accepted() {
      return result == ACCEPTANCE;
    }
  }

  /** bind and alter_context share one layout. */
  record Bind(PduType type, int flags, int callId, int maxXmitFrag, int maxRecvFrag, int assocGroup,
      List<PresentationContext> contexts, Optional<AuthVerifier> auth) implements Pdu {
    public Bind {
      if (type != PduType.BIND && type != PduType.ALTER_CONTEXT) throw new IllegalArgumentException(type.name());
      contexts = List.copyOf(contexts);
    }
  }

  /** bind_ack and alter_context_resp share one layout. */
  record BindAck(PduType type, int flags, int callId, int maxXmitFrag, int maxRecvFrag, int assocGroup,
      String secondaryAddress, List<ContextResult> results, Optional<AuthVerifier> auth) implements Pdu {
    public BindAck {
      if (type != PduType.BIND_ACK && type != PduType.ALTER_CONTEXT_RESP) {
        throw new IllegalArgumentException(type.name());
      }
      results = List.copyOf(results);
    }
  }

  /** The server refused the association; {@code reason} is a provider_reject_reason. */
  record BindNak(int flags, int callId, int reason) implements Pdu {
    public Optional<AuthVerifier> auth() {
      return Optional.empty();
    }

    public PduType type() {
      return PduType.BIND_NAK;
    }
  }

  /** The third leg of a three-way authentication (NTLM's AUTHENTICATE), unanswered. */
  record Auth3(int flags, int callId, Optional<AuthVerifier> auth) implements Pdu {
    public PduType type() {
      return PduType.AUTH3;
    }
  }

  /** One fragment of a call. {@code object} is present when {@link #OBJECT_UUID} is set. */
  record Request(int flags, int callId, int allocHint, int contextId, int opnum, Optional<UUID> object,
      byte[] stub, Optional<AuthVerifier> auth) implements Pdu {
    public Request {
      if (object.isPresent() != ((flags & OBJECT_UUID) != 0)) {
        throw new IllegalArgumentException("PFC_OBJECT_UUID must be set exactly when an object UUID is given");
      }
      stub = stub.clone();
    }

    @Override
    public byte[] stub() {
      return stub.clone();
    }

    public PduType type() {
      return PduType.REQUEST;
    }
  }

  /** One fragment of a call's result. */
  record Response(int flags, int callId, int allocHint, int contextId, int cancelCount, byte[] stub,
      Optional<AuthVerifier> auth) implements Pdu {
    public Response {
      stub = stub.clone();
    }

    @Override
    public byte[] stub() {
      return stub.clone();
    }

    public PduType type() {
      return PduType.RESPONSE;
    }
  }

  /** The call failed with {@code status} (an nca_s_* or Win32 code). */
  record Fault(int flags, int callId, int allocHint, int contextId, int cancelCount, int status,
      Optional<AuthVerifier> auth) implements Pdu {
    public PduType type() {
      return PduType.FAULT;
    }
  }

  /** The server asks the client to close the connection. */
  record Shutdown(int flags, int callId) implements Pdu {
    public Optional<AuthVerifier> auth() {
      return Optional.empty();
    }

    public PduType type() {
      return PduType.SHUTDOWN;
    }
  }
}
