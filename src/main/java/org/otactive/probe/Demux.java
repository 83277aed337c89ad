package org.otactive.probe;

/**
 * How replies on a shared datagram socket find their request: a key the request carries and the
 * reply echoes (the DNS message ID). The run allocates a free random key per request, so keys of
 * requests in flight to one peer never collide. Implementations are pure and thread-safe.
 */
public interface Demux {
  /** Keys are in {@code [0, keyBound())}. */
  int keyBound();

  /** The key a datagram carries, or -1 when it carries none (too short). Must not throw. */
  int keyOf(byte[] datagram, int length);
}
