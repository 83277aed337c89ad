package org.otactive.probe.wmi;

import java.util.ArrayList;
import java.util.List;
import org.otactive.probe.wmi.wmio.CimValue;
import org.otactive.probe.wmi.wmio.Method;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.probe.wmi.wmio.WmiObject;

/**
 * The registry through WMI's {@code StdRegProv} (in the session's namespace): {@code EnumKey} and
 * {@code GetStringValue} by {@code IWbemServices::ExecMethod}, each with an instance of the
 * method's own {@code __PARAMETERS} class as the host declares it (read once by GetObject), so
 * the parameters are what that host's provider expects.
 *
 * <p>Views: this reads whatever path it is given through the host's native provider. On 64-bit
 * Windows the 32-bit view of {@code HKLM\SOFTWARE} is the {@code SOFTWARE\WOW6432Node} subtree, so
 * the collector reads both paths rather than sending a {@code __ProviderArchitecture} context;
 * on 32-bit Windows that subtree does not exist and EnumKey says so.
 */
public final class StdRegistry {
  public static final long HKEY_LOCAL_MACHINE = 0x8000_0002L;
  private static final String CLASS = "StdRegProv";

  private final WmiSession session;
  private Method enumKey;
  private Method getStringValue;

  public StdRegistry(WmiSession session) {
    this.session = session;
  }

  private void load() throws WmiException, InterruptedException {
    if (enumKey != null) return;
    WmiObject o = session.getObject(CLASS);
    if (!(o instanceof WmiClass c) || c.method("EnumKey") == null || c.method("GetStringValue") == null
        || c.method("EnumKey").in() == null || c.method("GetStringValue").in() == null) {
      throw new WmiException(WmiException.Reason.PROTOCOL_ERROR, "the host's StdRegProv lacks EnumKey or GetStringValue");
    }
    enumKey = c.method("EnumKey");
    getStringValue = c.method("GetStringValue");
  }

  /** The names of a key's subkeys; null when the key does not exist. */
  public List<String> enumKey(long hive, String path) throws WmiException, InterruptedException {
    load();
    WmiInstance out = session.execMethod(CLASS, "EnumKey",
        WmiInstance.of(enumKey.in()).with("hDefKey", CimValue.uint32(hive)).with("sSubKeyName", CimValue.string(path)));
    if (returnValue(out) != 0) return null;
    List<String> result = new ArrayList<>();
    CimValue names = out.wmiClass().property("sNames") == null ? null : out.value("sNames");
    if (names == null || names.isNull() || !names.type().isArray()) return result;
    for (Object n : names.asList()) if (n instanceof String name) result.add(name);
    return result;
  }

  /** A REG_SZ value; null when the key or the value does not exist. */
  public String getString(long hive, String path, String name) throws WmiException, InterruptedException {
    load();
    WmiInstance out = session.execMethod(CLASS, "GetStringValue", WmiInstance.of(getStringValue.in())
        .with("hDefKey", CimValue.uint32(hive)).with("sSubKeyName", CimValue.string(path))
        .with("sValueName", CimValue.string(name)));
    if (returnValue(out) != 0) return null;
    CimValue v = out.wmiClass().property("sValue") == null ? null : out.value("sValue");
    return v == null || v.isNull() || !(v.value() instanceof String text) ? null : text;
  }

  private static long returnValue(WmiInstance out) throws WmiException {
    CimValue rv = out.wmiClass().property(Method.RETURN_VALUE) == null ? null : out.value(Method.RETURN_VALUE);
    if (rv == null || rv.isNull() || !(rv.value() instanceof Long)) {
      throw new WmiException(WmiException.Reason.PROTOCOL_ERROR, "StdRegProv answered without a ReturnValue");
    }
    return rv.asLong();
  }
}
