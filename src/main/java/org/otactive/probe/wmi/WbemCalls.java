package org.otactive.probe.wmi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.otactive.probe.wmi.dcom.InterfacePointer;
import org.otactive.probe.wmi.dcom.ObjRef;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.NdrWriter;

/**
 * The MS-WMI calls this client makes, as pure stubs for both sides: what follows a request's
 * ORPCTHIS, and what follows a response's ORPCTHAT up to and including the HRESULT. A client
 * writes arguments and reads answers; the tests' fake host reads arguments and writes answers.
 */
public final class WbemCalls {
  private WbemCalls() {}

  /** IWbemLevel1Login::NTLMLogin (3.1.4.1.4). */
  public static final int OPNUM_NTLM_LOGIN = 6;
  /** IWbemServices::GetObject (3.1.4.3.4). */
  public static final int OPNUM_GET_OBJECT = 6;
  /** IWbemServices::ExecQuery (3.1.4.3.18). */
  public static final int OPNUM_EXEC_QUERY = 20;
  /** IWbemServices::ExecMethod (3.1.4.3.22). */
  public static final int OPNUM_EXEC_METHOD = 24;
  /** IEnumWbemClassObject::Next (3.1.4.4.2). */
  public static final int OPNUM_NEXT = 4;

  public static final int WBEM_FLAG_RETURN_IMMEDIATELY = 0x10;
  public static final int WBEM_FLAG_FORWARD_ONLY = 0x20;
  /** lTimeout of IEnumWbemClassObject::Next that waits forever: never sent by this client. */
  public static final int WBEM_INFINITE = 0xFFFF_FFFF;

  /**
   * A BSTR as Windows' WMI reads it: up to its first NUL. Some clients (impacket) send strings
   * with their terminating NUL inside the BSTR.
   */
  static String cString(String s) {
    if (s == null) return null;
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  // ---- NTLMLogin

  public static void writeNtlmLogin(NdrWriter w, String namespace, String locale) {
    w.uniqueWideString(namespace).uniqueWideString(locale).u32(0);
    w.pointer(false); // pCtx
  }

  /** NTLMLogin's arguments as a server reads them. */
  public record NtlmLogin(String namespace, String locale, int flags) {}

  public static NtlmLogin readNtlmLoginArgs(NdrReader r) throws NdrException {
    String ns = r.uniqueWideString();
    String locale = r.uniqueWideString();
    int flags = r.u32();
    InterfacePointer.read(r); // pCtx
    return new NtlmLogin(ns, locale, flags);
  }

  /** An answer whose out parameter is one interface pointer (NTLMLogin, ExecQuery). */
  public record PointerAnswer(Optional<ObjRef> ref, int hresult) {}

  public static PointerAnswer readPointerAnswer(NdrReader r) throws NdrException {
    Optional<ObjRef> ref = InterfacePointer.read(r);
    int hresult = r.u32();
    r.expectEnd();
    return new PointerAnswer(ref, hresult);
  }

  public static void writePointerAnswer(NdrWriter w, ObjRef ref, int hresult) {
    InterfacePointer.write(w, ref);
    w.u32(hresult);
  }

  // ---- ExecQuery

  public static void writeExecQuery(NdrWriter w, String query, int flags) {
    w.bstr("WQL").bstr(query).u32(flags);
    w.pointer(false); // pCtx
  }

  public record ExecQuery(String language, String query, int flags) {}

  public static ExecQuery readExecQueryArgs(NdrReader r) throws NdrException {
    String language = cString(r.bstr());
    String query = cString(r.bstr());
    int flags = r.u32();
    InterfacePointer.read(r);
    return new ExecQuery(language, query, flags);
  }

  // ---- IEnumWbemClassObject::Next

  public static void writeNext(NdrWriter w, int timeoutMillis, int count) {
    w.u32(timeoutMillis).u32(count);
  }

  public record Next(int timeoutMillis, int count) {}

  public static Next readNextArgs(NdrReader r) throws NdrException {
    return new Next(r.u32(), r.u32());
  }

  /** What Next answered: the objects (OBJREF_CUSTOMs of IWbemClassObject) and the HRESULT. */
  public record NextAnswer(List<ObjRef> objects, int hresult) {}

  /** The largest batch read, against a conformance meant to make the reader allocate. */
  static final int MAX_BATCH = 0x10000;

  public static NextAnswer readNextAnswer(NdrReader r) throws NdrException {
    int max = r.u32();
    int offset = r.u32();
    int actual = r.u32();
    if (offset != 0 || Integer.compareUnsigned(actual, max) > 0 || Integer.compareUnsigned(actual, MAX_BATCH) > 0) {
      throw new NdrException("apObjects: offset " + Integer.toUnsignedString(offset) + ", "
          + Integer.toUnsignedString(actual) + " of " + Integer.toUnsignedString(max) + " elements");
    }
    if (4L * actual > r.remaining()) throw new NdrException("apObjects of " + actual + " pointers in " + r.remaining() + " bytes");
    boolean[] present = new boolean[actual];
    for (int i = 0; i < actual; i++) present[i] = r.pointer() != 0;
    List<ObjRef> objects = new ArrayList<>();
    for (int i = 0; i < actual; i++) if (present[i]) objects.add(InterfacePointer.readReferent(r));
    int returned = r.u32();
    if (returned != actual) throw new NdrException("puReturned " + Integer.toUnsignedString(returned) + " but " + actual + " objects");
    int hresult = r.u32();
    r.expectEnd();
    return new NextAnswer(objects, hresult);
  }

  /** Next's answer for a request of {@code requested} objects. */
  public static void writeNextAnswer(NdrWriter w, int requested, List<ObjRef> objects, int hresult) {
    w.u32(requested).u32(0).u32(objects.size());
    for (int i = 0; i < objects.size(); i++) w.pointer(true);
    objects.forEach(o -> InterfacePointer.writeReferent(w, o));
    w.u32(objects.size()).u32(hresult);
  }

  // ---- ExecMethod and GetObject: an object in, an [in, out, unique] object pointer back

  /**
   * ExecMethod's arguments: asks for the out parameters (a non-null pointer to a null interface
   * pointer) and for no call result.
   */
  public static void writeExecMethod(NdrWriter w, String objectPath, String method, ObjRef inParams) {
    w.bstr(objectPath).bstr(method).u32(0);
    w.pointer(false); // pCtx
    InterfacePointer.write(w, inParams);
    w.pointer(true); // ppOutParams: we want them
    w.pointer(false); // *ppOutParams: none going in
    w.pointer(false); // ppCallResult: not wanted
  }

  public record ExecMethod(String objectPath, String method, Optional<ObjRef> inParams, boolean wantsOut) {}

  public static ExecMethod readExecMethodArgs(NdrReader r) throws NdrException {
    String path = cString(r.bstr());
    String method = cString(r.bstr());
    r.u32(); // lFlags
    InterfacePointer.read(r); // pCtx
    Optional<ObjRef> in = InterfacePointer.read(r);
    boolean wantsOut = r.pointer() != 0;
    if (wantsOut) InterfacePointer.read(r);
    if (r.pointer() != 0) InterfacePointer.read(r); // ppCallResult
    return new ExecMethod(path, method, in, wantsOut);
  }

  public static void writeGetObject(NdrWriter w, String objectPath) {
    w.bstr(objectPath).u32(0);
    w.pointer(false); // pCtx
    w.pointer(true); // ppObject: we want it
    w.pointer(false);
    w.pointer(false); // ppCallResult
  }

  public static String readGetObjectArgs(NdrReader r) throws NdrException {
    String path = cString(r.bstr());
    r.u32();
    InterfacePointer.read(r);
    if (r.pointer() != 0) InterfacePointer.read(r);
    if (r.pointer() != 0) InterfacePointer.read(r);
    return path;
  }

  /** ExecMethod's and GetObject's answer: the object pointer (when asked for) and no call result. */
  public static PointerAnswer readObjectAnswer(NdrReader r) throws NdrException {
    Optional<ObjRef> ref = r.pointer() == 0 ? Optional.empty() : InterfacePointer.read(r);
    if (r.pointer() != 0) InterfacePointer.read(r); // a call result we did not ask for
    int hresult = r.u32();
    r.expectEnd();
    return new PointerAnswer(ref, hresult);
  }

  public static void writeObjectAnswer(NdrWriter w, boolean asked, ObjRef object, int hresult) {
    if (w.pointer(asked)) InterfacePointer.write(w, object);
    w.pointer(false);
    w.u32(hresult);
  }
}
