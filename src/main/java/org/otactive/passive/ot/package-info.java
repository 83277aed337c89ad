/**
 * Recognisers of the OT protocols a device serves or uses, one small pure class per protocol, each
 * citing the part of its specification it checks: Modbus/TCP, S7comm and S7comm-plus (over
 * ISO-TSAP: TPKT and COTP), EtherNet/IP encapsulation, CIP I/O, BACnet/IP, DNP3, OPC UA binary,
 * IEC 60870-5-104 and PROFINET (DCP frames and context management over DCE/RPC).
 *
 * <p>A recogniser looks only at bytes: a port is never enough to name a protocol (HTTP on port 502
 * is not Modbus; Modbus on 5020 is). Where the message itself says who sent it (a Hello, a job, a
 * DIR bit, a cause of transmission) the recogniser returns that
 * {@link org.otactive.passive.ot.Role}; the registered port only helps tell server from client
 * when neither the message nor the TCP handshake does. The list the analysis runs is
 * {@link org.otactive.passive.ot.Recognisers}: adding a protocol is adding a class and a line there.
 *
 * <p>Each is tested on a message built from its specification that tshark dissects as that
 * protocol ({@code CraftedProtocolsTest}; S7comm-plus has no dissector in tshark 4.0, so there
 * tshark only confirms the COTP around it), refuses cut and altered copies and every other
 * protocol's message, and is fuzzed.
 */
package org.otactive.passive.ot;
