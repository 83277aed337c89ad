package org.otactive.testing.fakewindows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.otactive.probe.wmi.wmio.CimType;
import org.otactive.probe.wmi.wmio.CimValue;
import org.otactive.probe.wmi.wmio.Method;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;

/**
 * The fake host's registry provider: the signatures of StdRegProv's methods as Windows declares
 * them, and their behaviour over the host data's registry. The 32-bit view is the WOW6432Node
 * subtree, as the 64-bit provider shows it.
 */
final class StdRegProv {
  private StdRegProv() {}

  static final long HKEY_LOCAL_MACHINE = 0x8000_0002L;
  static final long HKEY_CURRENT_USER = 0x8000_0001L;
  static final long ERROR_FILE_NOT_FOUND = 2;
  /** What StdRegProv answers for a value that is not there. */
  static final long VALUE_NOT_FOUND = 1;

  /** A method's signature, by name. */
  static Method.Builder method(String name) {
    return switch (name) {
      case "EnumKey" -> Method.builder("EnumKey").in("hDefKey", CimType.UINT32).in("sSubKeyName", CimType.STRING)
          .out("sNames", CimType.STRING.asArray()).returns(CimType.UINT32);
      case "GetStringValue" -> Method.builder("GetStringValue").in("hDefKey", CimType.UINT32)
          .in("sSubKeyName", CimType.STRING).in("sValueName", CimType.STRING).out("sValue", CimType.STRING)
          .returns(CimType.UINT32);
      case "GetDWORDValue" -> Method.builder("GetDWORDValue").in("hDefKey", CimType.UINT32)
          .in("sSubKeyName", CimType.STRING).in("sValueName", CimType.STRING).out("uValue", CimType.UINT32)
          .returns(CimType.UINT32);
      default -> throw new IllegalArgumentException("StdRegProv has no method " + name + " in this fake");
    };
  }

  /** Runs {@code method} of {@code cls} with {@code in}; null when the class has no such method. */
  static WmiInstance call(HostData data, WmiClass cls, String method, WmiInstance in) {
    Method m = cls.method(method);
    if (m == null) return null;
    String hive = hive(in.value("hDefKey").isNull() ? HKEY_LOCAL_MACHINE : in.value("hDefKey").asLong());
    String path = in.value("sSubKeyName").isNull() ? "" : in.value("sSubKeyName").asString();
    WmiInstance out = WmiInstance.of(m.out());
    switch (m.name()) {
      case "EnumKey" -> {
        List<String> subkeys = hive == null ? null : data.registrySubkeys(hive, path);
        if (subkeys == null) return out.with(Method.RETURN_VALUE, CimValue.uint32(ERROR_FILE_NOT_FOUND));
        return out.with("sNames", CimValue.strings(new ArrayList<>(subkeys))).with(Method.RETURN_VALUE, CimValue.uint32(0));
      }
      case "GetStringValue", "GetDWORDValue" -> {
        Map<String, Object> values = hive == null ? null : data.registryValues(hive, path);
        if (values == null) return out.with(Method.RETURN_VALUE, CimValue.uint32(ERROR_FILE_NOT_FOUND));
        Object v = values.get(in.value("sValueName").isNull() ? "" : in.value("sValueName").asString());
        boolean string = m.name().equals("GetStringValue");
        if (v == null || (v instanceof String) != string) {
          return out.with(Method.RETURN_VALUE, CimValue.uint32(VALUE_NOT_FOUND));
        }
        return (string ? out.with("sValue", CimValue.string((String) v)) : out.with("uValue", CimValue.uint32((Long) v)))
            .with(Method.RETURN_VALUE, CimValue.uint32(0));
      }
      default -> throw new IllegalStateException(m.name());
    }
  }

  private static String hive(long hDefKey) {
    if (hDefKey == HKEY_LOCAL_MACHINE) return "HKEY_LOCAL_MACHINE";
    if (hDefKey == HKEY_CURRENT_USER) return "HKEY_CURRENT_USER";
    return null;
  }
}
