package org.otactive.probe;

/**
 * A probe whose conversation with a target is UDP requests and replies, written as a small state
 * machine ({@link Conversation}) so that a run can keep thousands of targets in the air from one
 * thread: the run sends what the conversation asks, every packet through the gate, and feeds it
 * the reply or the timeout. SNMP, BACnet and EtherNet/IP ListIdentity are such probes; methods
 * that talk TCP (WMI) implement only {@link Probe} and keep a thread per target. Both sit behind
 * the same gate.
 *
 * <p>Contract: {@link #open} is pure and sends nothing. The blocking {@link #probe} runs the same
 * conversation through a {@link ProbeContext} ({@link Conversations#drive}), so a Test action, a
 * run and a unit test all see one behaviour. Implementations are thread-safe; a conversation is
 * used by one thread at a time.
 */
public interface DatagramProbe extends Probe {
  /** How replies find their request on a socket shared by many conversations. */
  Demux demux();

  /**
   * A new conversation about {@code target}. When the method does not apply to it, the
   * conversation's first step is {@link Step.Done} with {@link Outcome.NotApplicable}.
   */
  Conversation open(Target target);

  @Override
  default Outcome probe(Target target, ProbeContext context) throws InterruptedException {
    return Conversations.drive(open(target), demux(), context);
  }
}
