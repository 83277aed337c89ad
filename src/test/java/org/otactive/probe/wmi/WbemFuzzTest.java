package org.otactive.probe.wmi;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.rpc.NdrException;
import org.otactive.probe.wmi.rpc.NdrReader;

/**
 * Fuzz targets for the MS-WMI stubs and for a whole collection from a host that authenticates
 * properly and then says anything: the stubs throw only {@link NdrException}; the collector
 * returns an outcome whatever the host answers, and every fact it keeps is sanitised.
 */
class WbemFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyWbemStubReads(FuzzedDataProvider in) {
    int which = in.consumeInt(0, 7);
    NdrReader r = new NdrReader(in.consumeRemainingAsBytes());
    try {
      switch (which) {
        case 0 -> WbemCalls.readNextAnswer(r);
        case 1 -> WbemCalls.readPointerAnswer(r);
        case 2 -> WbemCalls.readObjectAnswer(r);
        case 3 -> WbemCalls.readNtlmLoginArgs(r);
        case 4 -> WbemCalls.readExecQueryArgs(r);
        case 5 -> WbemCalls.readExecMethodArgs(r);
        case 6 -> WbemCalls.readGetObjectArgs(r);
        default -> WbemCalls.readNextArgs(r);
      }
    } catch (NdrException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void theCollectorSurvivesAnyAnswerFromAnAuthenticatedHost(FuzzedDataProvider in) throws Exception {
    ScriptedHost host = new ScriptedHost((scm, opnum, canned) ->
        in.remainingBytes() == 0 || in.consumeBoolean() ? canned : in.consumeBytes(in.consumeInt(0, 4096)));
    Outcome outcome = new WindowsHostCollector(WmiSettings.of(Credentials.parse("u", ScriptedHost.PASSWORD)))
        .collect(host);
    if (host.connections > 2) throw new AssertionError(host.connections + " connections");
    if (outcome instanceof Outcome.Ok ok) {
      for (Fact f : ok.facts()) {
        if (f.value().codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
            || Character.getType(c) == Character.FORMAT)) {
          throw new AssertionError("unsanitised " + f);
        }
      }
    }
  }
}
