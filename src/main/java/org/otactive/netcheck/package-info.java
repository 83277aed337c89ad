/**
 * The network-access check: is this host's way into the OT subnets open for each method of a
 * site? The reference product only asks its users whether the sensor's management interface may
 * reach the OT subnets; this answers it, and for what fails says which rule is missing.
 *
 * <p><b>Routes</b> are read, not probed: {@link org.otactive.netcheck.IpRouteTable} asks the
 * kernel through iproute2 ({@code ip -j route get}, which honours policy rules, and {@code ip -j
 * route show table all} for the prefixes). {@link org.otactive.netcheck.RouteMap} cuts a site's
 * scope at the edge of every route prefix inside it and asks the kernel once per piece, so a site
 * half of whose /24 is routed reads as two lines, each with its interface, gateway and the local
 * address traffic leaves from (the address a firewall rule must name).
 *
 * <p><b>Accesses</b> are what a method declares it needs ({@link org.otactive.probe.Access}): a
 * question to a peer over UDP (only a question can tell a UDP service answers), a TCP connect to a
 * peer or to the devices, or a port learned at run time that no check can know in advance (the
 * WMI exporter's, named by the endpoint mapper). {@link org.otactive.netcheck.NetworkCheck} tries
 * each once (for the devices, once per sampled device), through a sender the caller builds from a
 * gate whose scope is the site and whose peers are the method's: it can reach nothing else, and a
 * stop ends it. A connect is closed at once and nothing is written on it. Where the kernel has no
 * route nothing is sent. Silence gives {@code allow TCP 135 from 192.0.2.10 to 198.51.100.0/24};
 * a reset adds that nothing may listen there; an answer with an error (DNS REFUSED) proves the
 * path and points at the server's own access list.
 *
 * <p>Supervision ({@code supervise.NetChecks}) decides who may, checks routes always and sends
 * only while active monitoring is on and the site is not stopped, as an audited run.
 */
package org.otactive.netcheck;
