package org.otactive.probe.wmi.dcom;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;
import org.otactive.probe.wmi.rpc.TypeSerialization;

/**
 * Fuzz targets for the DCOM decoders: whatever the bytes, each returns a value or throws
 * {@link NdrException}, and never allocates more than the bytes could hold.
 */
class DcomFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyObjRefDecodes(byte[] data) {
    try {
      ObjRef.decode(data);
    } catch (NdrException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyActivationAnswerParses(byte[] data) {
    try {
      RemoteActivation.parseResponse(data);
    } catch (NdrException expected) {
      // the contract
    }
    try {
      ActivationProperties.decodeReply(data);
    } catch (NdrException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyActivationRequestParses(byte[] data) {
    try {
      RemoteActivation.parseRequest(data);
    } catch (NdrException expected) {
      // the contract
    }
    try {
      ActivationProperties.decodeRequest(data);
    } catch (NdrException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyDcomStructureReads(FuzzedDataProvider in) {
    int which = in.consumeInt(0, 6);
    byte[] data = in.consumeRemainingAsBytes();
    NdrReader r = new NdrReader(data);
    try {
      switch (which) {
        case 0 -> DualStringArray.readFlat(r);
        case 1 -> DualStringArray.readNdr(r);
        case 2 -> OrpcThat.read(r);
        case 3 -> OrpcThis.read(r);
        case 4 -> RemUnknown.parseReleaseRequest(data);
        case 5 -> InterfacePointer.read(r);
        default -> TypeSerialization.decode(data);
      }
    } catch (NdrException expected) {
      // the contract
    }
  }
}
