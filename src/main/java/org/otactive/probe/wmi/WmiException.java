package org.otactive.probe.wmi;

import java.util.Objects;
import org.otactive.probe.Outcome;

/**
 * Why a WMI conversation with a host failed, as one of a closed set of reasons with the details in
 * plain words. {@link #toOutcome} gives the probe outcome a result row shows.
 */
public final class WmiException extends Exception {
  /** The stage and nature of a failure; {@link #word} is stable for CSV and the store. */
  public enum Reason {
    /** Nothing listens on TCP 135, or it did not answer the connection. */
    PORT_135_UNREACHABLE("port-135-unreachable"),
    /** The exporter's port, named by the activation reply, did not take the connection. */
    EXPORTER_UNREACHABLE("exporter-unreachable"),
    /** Activation refused the account (wrong password, no remote activation right, too low a level). */
    ACTIVATION_DENIED("activation-denied"),
    /** NTLMLogin refused the account or the namespace. */
    LOGIN_DENIED("login-denied"),
    /** The namespace does not exist on the host. */
    NAMESPACE_INVALID("namespace-invalid"),
    /** A query or method call failed with a WMI error (invalid class, invalid query, …). */
    QUERY_FAILED("query-failed"),
    /** The host answered a call with an RPC fault. */
    RPC_FAULT("rpc-fault"),
    /** An answer did not come in time, or the per-host deadline passed. */
    TIMEOUT("timeout"),
    /** The host sent something malformed or unexpected, or the connection broke. */
    PROTOCOL_ERROR("protocol-error"),
    /** The run's gate refused to send (stop, scope, window, deadline): nothing more was sent. */
    BLOCKED("blocked");

    public final String word;

    Reason(String word) {
      this.word = word;
    }
  }

  private final Reason reason;

  public WmiException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public WmiException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The outcome of a target this failure ended. */
  public Outcome toOutcome() {
    String detail = getMessage();
    return switch (reason) {
      case PORT_135_UNREACHABLE, EXPORTER_UNREACHABLE -> new Outcome.Refused(detail);
      case ACTIVATION_DENIED, LOGIN_DENIED -> new Outcome.Denied(detail);
      case NAMESPACE_INVALID, QUERY_FAILED, RPC_FAULT -> new Outcome.Failed(detail);
      case TIMEOUT -> new Outcome.NoAnswer(detail);
      case PROTOCOL_ERROR -> new Outcome.ProtocolError(detail);
      case BLOCKED -> new Outcome.Blocked(detail);
    };
  }
}
