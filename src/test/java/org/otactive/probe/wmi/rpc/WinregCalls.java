package org.otactive.probe.wmi.rpc;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The winreg calls (MS-RRP) the transport tests make against Samba. */
final class WinregCalls {
  private WinregCalls() {}

  static final SyntaxId INTERFACE = new SyntaxId(UUID.fromString("338cd001-2244-31f1-aaaa-900038001003"), 1, 0);
  static final int KEY_READ = 0x0002_0019;
  static final int MAXIMUM_ALLOWED = 0x0200_0000;

  /** OpenLocalMachine (opnum 2). */
  static ContextHandle openLocalMachine(RpcConnection c) throws Exception {
    NdrWriter w = new NdrWriter();
    w.pointer(false);
    w.u32(MAXIMUM_ALLOWED);
    NdrReader r = new NdrReader(c.call(2, w.toByteArray()));
    ContextHandle h = r.contextHandle();
    werror(r.u32(), "OpenLocalMachine");
    return h;
  }

  /** What BaseRegOpenKey answered: a handle and a Win32 status. */
  record Opened(ContextHandle handle, int status) {}

  /** BaseRegOpenKey (opnum 15), for a key that must open. */
  static ContextHandle openKey(RpcConnection c, ContextHandle parent, String subKey) throws Exception {
    Opened o = tryOpenKey(c, parent, subKey);
    werror(o.status(), "BaseRegOpenKey " + subKey);
    return o.handle();
  }

  /** BaseRegOpenKey (opnum 15), whatever it answers. */
  static Opened tryOpenKey(RpcConnection c, ContextHandle parent, String subKey) throws Exception {
    NdrWriter w = new NdrWriter();
    w.contextHandle(parent);
    unicodeString(w, subKey);
    w.u32(0).u32(KEY_READ);
    NdrReader r = new NdrReader(c.call(15, w.toByteArray()));
    Opened o = new Opened(r.contextHandle(), r.u32());
    r.expectEnd();
    return o;
  }

  /** BaseRegQueryValue (opnum 17) of a REG_SZ value, as text without its NUL. */
  static String queryString(RpcConnection c, ContextHandle key, String value) throws Exception {
    int size = 512;
    NdrWriter w = new NdrWriter();
    w.contextHandle(key);
    unicodeString(w, value);
    if (w.pointer(true)) w.u32(0); // lpType
    if (w.pointer(true)) w.conformantVarying(size, 0, 0); // lpData: room, nothing sent
    if (w.pointer(true)) w.u32(size); // lpcbData
    if (w.pointer(true)) w.u32(0); // lpcbLen
    NdrReader r = new NdrReader(c.call(17, w.toByteArray()));
    int type = r.pointer() != 0 ? r.u32() : -1;
    byte[] data = new byte[0];
    if (r.pointer() != 0) data = r.bytes(r.conformantVarying("value data", 1));
    if (r.pointer() != 0) r.u32();
    if (r.pointer() != 0) r.u32();
    werror(r.u32(), "BaseRegQueryValue " + value);
    r.expectEnd();
    if (type != 1) throw new AssertionError(value + " is of type " + type + ", not REG_SZ");
    String s = new String(data, StandardCharsets.UTF_16LE);
    return s.endsWith("\0") ? s.substring(0, s.length() - 1) : s;
  }

  /** An RRP_UNICODE_STRING by value with its deferred, NUL-terminated characters. */
  static void unicodeString(NdrWriter w, String s) {
    int bytes = (s.length() + 1) * 2;
    w.u16(bytes).u16(bytes);
    if (w.pointer(true)) w.wideString(s, true);
  }

  static void werror(int status, String call) {
    if (status != 0) throw new AssertionError(call + " returned WERROR " + String.format("0x%08x", status));
  }
}
