package org.otactive.passive.ot;

/** What the bytes of one message say about its sender. */
public enum Role {
  /** A request, poll or command: the sender uses the protocol as a client (master, HMI, IO controller). */
  CLIENT,
  /** A response, report or announcement: the sender serves the protocol (PLC, outstation, IO device). */
  SERVER,
  /** The message looks the same in both directions. */
  EITHER
}
