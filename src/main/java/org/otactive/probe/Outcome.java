package org.otactive.probe;

import java.util.List;

/**
 * The result of probing one target: a closed set, each with the reason kept in plain words.
 */
public sealed interface Outcome {
  /** A short stable word for CSV, JSON and the store: {@code ok}, {@code no-answer}, …. */
  String kind();

  /** Plain words for a user, e.g. {@code NXDOMAIN from 127.0.0.1:53}. */
  String detail();

  /** The target answered (perhaps that it has nothing: facts may be empty). */
  record Ok(List<Fact> facts, String detail) implements Outcome {
    public Ok {
      facts = List.copyOf(facts);
    }

    public String kind() {
      return "ok";
    }
  }

  /** Nothing came back in time, after every retransmission. */
  record NoAnswer(String detail) implements Outcome {
    public String kind() {
      return "no-answer";
    }
  }

  /** The peer refused (DNS REFUSED, TCP reset). */
  record Refused(String detail) implements Outcome {
    public String kind() {
      return "refused";
    }
  }

  /** The peer said we lack the rights (bad credentials, access denied). */
  record Denied(String detail) implements Outcome {
    public String kind() {
      return "denied";
    }
  }

  /** The peer answered with something malformed or not an answer to our question. */
  record ProtocolError(String detail) implements Outcome {
    public String kind() {
      return "protocol-error";
    }
  }

  /** The peer answered with an error of its own (DNS SERVFAIL). */
  record Failed(String detail) implements Outcome {
    public String kind() {
      return "failed";
    }
  }

  /** The gate refused to send (stop, deadline, scope, device cap): nothing was sent. */
  record Blocked(String detail) implements Outcome {
    public String kind() {
      return "blocked";
    }
  }

  /** The method does not apply to the target (no DNS server serves its subnet): nothing was sent. */
  record NotApplicable(String detail) implements Outcome {
    public String kind() {
      return "not-served";
    }
  }
}
