package org.otactive.probe;

import java.util.Objects;

/**
 * One way a method's traffic must get through the network, as the network-access check
 * ({@code otactive netcheck}) tries it: to a peer (a DNS server) or to the targets themselves, over
 * UDP or TCP, to a port that is fixed or learned at run time. A method declares these in
 * {@link Configured#access}; the check sends at most one question or one TCP connect for each,
 * through the gate, and for what fails names the firewall rule that is missing.
 *
 * <p>Examples: reverse DNS declares {@code ask(server, UDP, 53)} and {@code connect(server, 53)}
 * for each server (TCP carries truncated answers); Windows Endpoint Monitoring declares a connect
 * to TCP 135 on the targets and the exporter's port as {@link Check#DYNAMIC}.
 *
 * @param peer the peer, or null when the traffic goes to the targets themselves
 * @param transport UDP or TCP
 * @param port the port, or 0 when it is learned at run time (then {@code check} is not CONNECT)
 * @param check how the check tries it
 * @param purpose what the traffic is for, in a few words: {@code PTR queries}, {@code DCOM endpoint mapper}
 */
public record Access(Peer peer, Transport transport, int port, Check check, String purpose) {
  /** The transport protocol, for the words of a firewall rule. */
  public enum Transport {
    UDP,
    TCP;

    public String word() {
      return name();
    }
  }

  /** How the network-access check tries an access. */
  public enum Check {
    /** One question in the method's own protocol ({@link Configured#ask}): the only way to tell a UDP service answers. */
    ASK,
    /** One TCP connect, closed at once (nothing written). */
    CONNECT,
    /**
     * The port is learned at run time (an endpoint mapper names it): no check can know it in
     * advance unless the method's {@link Configured#ask} learns it from a host.
     */
    DYNAMIC
  }

  public Access {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(purpose, "purpose");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
    if (port == 0 && check == Check.CONNECT) throw new IllegalArgumentException("a connect needs a port");
    if (check == Check.CONNECT && transport != Transport.TCP) throw new IllegalArgumentException("connect is TCP");
  }

  /** One question to a peer. */
  public static Access ask(Peer peer, Transport transport, int port, String purpose) {
    return new Access(Objects.requireNonNull(peer, "peer"), transport, port, Check.ASK, purpose);
  }

  /** One TCP connect to a peer. */
  public static Access connect(Peer peer, int port, String purpose) {
    return new Access(Objects.requireNonNull(peer, "peer"), Transport.TCP, port, Check.CONNECT, purpose);
  }

  /** One TCP connect to each sampled target. */
  public static Access connectTargets(int port, String purpose) {
    return new Access(null, Transport.TCP, port, Check.CONNECT, purpose);
  }

  /** A port on the targets learned at run time. */
  public static Access dynamicTargetPort(Transport transport, String purpose) {
    return new Access(null, transport, 0, Check.DYNAMIC, purpose);
  }

  /** Whether it goes to the targets themselves rather than a peer. */
  public boolean toTargets() {
    return peer == null;
  }

  /** {@code UDP 53}, or {@code TCP (dynamic port)}. */
  public String portText() {
    return transport.word() + " " + (port == 0 ? "(dynamic port)" : String.valueOf(port));
  }
}
