package org.otactive.probe.rdns;

import java.time.Duration;

/**
 * The Test dialog's result: one question to one server.
 *
 * @param server the server asked ({@code 127.0.0.1:53})
 * @param question the PTR name asked
 * @param transport {@code UDP}, or {@code UDP+TCP} when the reply was truncated
 * @param rtt the round trip of the last exchange, or null when nothing came back
 * @param rawAnswer the reply in presentation form, or empty
 * @param verdict plain words: what was found or what went wrong
 * @param ok whether the server answered usefully (names, NXDOMAIN or no data)
 */
public record TestReport(
    String server, String question, String transport, Duration rtt, String rawAnswer, String verdict, boolean ok) {}
