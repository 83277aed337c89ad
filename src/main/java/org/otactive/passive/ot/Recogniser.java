package org.otactive.passive.ot;

/**
 * Recognises one OT protocol in one transport payload by its bytes, never by its port.
 *
 * <p>Implementations are pure, stateless and thread-safe, never throw on any bytes and never read
 * outside {@code [at, at + length)}.
 */
public interface Recogniser {
  OtProtocol protocol();

  /**
   * The protocol's registered port. Analysis uses it only to tell the server from the client of a
   * flow whose handshake was not captured and whose bytes do not say.
   */
  int port();

  /**
   * Whether the payload is a message of this protocol.
   *
   * @return the sender's role as far as the bytes tell, or {@code null} when it is not this protocol
   */
  Role recognise(byte[] b, int at, int length);
}
