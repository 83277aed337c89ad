package org.otactive.probe;

/**
 * One target's conversation as a state machine: it says what to send next ({@link Step}) and is
 * told what came back. It never touches a socket or a clock; the run (or {@link Conversations#drive})
 * does the sending, through the gate, and measures the time.
 *
 * <p>At most one request of a conversation is in flight at a time. Calls come from one thread at a
 * time and must not block or throw for anything a peer sends: a bad reply is an outcome.
 */
public interface Conversation {
  /** The first step; nothing has been sent yet. */
  Step start();

  /**
   * Whether a datagram that carries the key of the request in flight and came from its peer
   * answers that request: a cheap look at the header and question, before any full decode. A
   * datagram refused here is dropped (counted as stray) and the wait goes on.
   *
   * @param datagram a buffer the caller reuses: read {@code length} bytes, keep nothing
   */
  boolean accepts(byte[] datagram, int length);

  /** The accepted reply to the request in flight (exactly its bytes), with its round trip. */
  Step replied(byte[] reply, long rttNanos);

  /** No accepted reply came within the request's timeout. */
  Step timedOut();
}
