package org.otactive.probe.wmi;

import java.util.UUID;

/** The class and interface ids of MS-WMI 1.9 this client uses. */
public final class WbemIds {
  private WbemIds() {}

  public static final UUID CLSID_WBEM_LEVEL1_LOGIN = UUID.fromString("8bc3f05e-d86b-11d0-a075-00c04fb68820");
  public static final UUID IID_IWBEM_LEVEL1_LOGIN = UUID.fromString("f309ad18-d86a-11d0-a075-00c04fb68820");
  public static final UUID IID_IWBEM_SERVICES = UUID.fromString("9556dc99-828c-11cf-a37e-00aa003240c7");
  public static final UUID IID_IENUM_WBEM_CLASS_OBJECT = UUID.fromString("027947e1-d731-11ce-a357-000000000001");
  public static final UUID IID_IWBEM_CLASS_OBJECT = UUID.fromString("dc12a681-737f-11cf-884d-00aa004b2e24");
  public static final UUID CLSID_WBEM_CLASS_OBJECT = UUID.fromString("4590f812-1d3a-11d0-891f-00aa004b2e24");
}
