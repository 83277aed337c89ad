package org.otactive.probe.wmi.dcom;

import java.util.UUID;
import org.otactive.probe.wmi.rpc.SyntaxId;

/** The class and interface ids of MS-DCOM 1.9 this client uses. */
public final class DcomIds {
  private DcomIds() {}

  private static UUID com(int data1) {
    return UUID.fromString(String.format("%08x-0000-0000-c000-000000000046", data1));
  }

  /** IRemoteSCMActivator on the object resolver's port 135. */
  public static final SyntaxId IREMOTE_SCM_ACTIVATOR = new SyntaxId(com(0x000001a0), 0, 0);
  public static final UUID IID_IREM_UNKNOWN = com(0x00000131);
  public static final UUID IID_IREM_UNKNOWN2 = com(0x00000143);
  public static final UUID IID_IACTIVATION_PROPERTIES_IN = com(0x000001a2);
  public static final UUID IID_IACTIVATION_PROPERTIES_OUT = com(0x000001a3);
  public static final UUID CLSID_ACTIVATION_PROPERTIES_IN = com(0x00000338);
  public static final UUID CLSID_ACTIVATION_PROPERTIES_OUT = com(0x00000339);
  public static final UUID CLSID_INSTANTIATION_INFO = com(0x000001ab);
  public static final UUID CLSID_ACTIVATION_CONTEXT_INFO = com(0x000001a5);
  public static final UUID CLSID_SERVER_LOCATION_INFO = com(0x000001a4);
  public static final UUID CLSID_SCM_REQUEST_INFO = com(0x000001aa);
  public static final UUID CLSID_SECURITY_INFO = com(0x000001a6);
  public static final UUID CLSID_SPECIAL_SYSTEM_PROPERTIES = com(0x000001b9);
  public static final UUID CLSID_PROPS_OUT_INFO = com(0x00000339);
  public static final UUID CLSID_SCM_REPLY_INFO = com(0x000001b6);

  /** A DCOM interface's RPC syntax: its IID, version 0.0. */
  public static SyntaxId syntax(UUID iid) {
    return new SyntaxId(iid, 0, 0);
  }
}
