/**
 * DCOM (MS-DCOM) over the DCE/RPC transport of {@code probe.wmi.rpc}: just enough of it to reach
 * WMI on a Windows host, and nothing that would let a reply lead the client astray.
 *
 * <h2>The conversation</h2>
 *
 * <ol>
 *   <li>Activation. On the host's port 135 the client binds {@code IRemoteSCMActivator} and calls
 *       {@link org.otactive.probe.wmi.dcom.RemoteActivation RemoteCreateInstance} with an
 *       {@link org.otactive.probe.wmi.dcom.ActivationProperties activation properties BLOB}: which
 *       class, which interface. The answer says which object exporter (OXID) holds the new object,
 *       how to reach it (a {@link org.otactive.probe.wmi.dcom.DualStringArray DUALSTRINGARRAY} of
 *       string and security bindings), the IPID of that exporter's {@code IRemUnknown}, the
 *       authentication level it hints at, and a standard {@link org.otactive.probe.wmi.dcom.ObjRef
 *       OBJREF} to the interface asked for.
 *   <li>The exporter. The client closes port 135 and opens the exporter's port: the port of the
 *       first TCP string binding, on the <em>target's own address</em>. The addresses in the
 *       bindings are the host's names for itself (its NetBIOS name first on Windows, then its
 *       addresses, any of which may be outside a scan's scope), so they are never used; the
 *       {@link org.otactive.probe.wmi.dcom.TargetPorts} seam does not even let a caller pass one.
 *   <li>Calls. Every request names its interface pointer by IPID in the PDU's object UUID and
 *       starts with an {@link org.otactive.probe.wmi.dcom.OrpcThis ORPCTHIS}; every response starts
 *       with an {@link org.otactive.probe.wmi.dcom.OrpcThat ORPCTHAT} and ends with an HRESULT.
 *       Interface pointers travel as MInterfacePointers holding OBJREFs: standard ones point to
 *       objects on the exporter; custom ones carry an object by value (WMI's class objects,
 *       encoded as MS-WMIO says).
 *   <li>Release. The {@link org.otactive.probe.wmi.dcom.ObjectExporter} counts the public
 *       references each standard OBJREF hands over and gives them all back in one
 *       {@link org.otactive.probe.wmi.dcom.RemUnknown RemRelease} before closing. It never pings:
 *       a host's collection is over in seconds, the exporter's ping timeout is minutes, and after
 *       the release nothing is left to keep alive.
 * </ol>
 *
 * <h2>Codecs</h2>
 *
 * Everything that turns bytes into values here is pure and fuzzed, and reads both directions: the
 * test tree's fake Windows host answers with the same codecs the client reads with. That is why
 * the fake is proven by an independent client (impacket) and dissector (tshark), and why the
 * shapes of its replies are compared with a real Windows host's.
 *
 * <p>OBJREFs are not NDR but are naturally aligned little-endian structures, so the NDR reader and
 * writer serve for them too; every decoder throws only {@link org.otactive.probe.wmi.rpc.NdrException}.
 */
package org.otactive.probe.wmi.dcom;
