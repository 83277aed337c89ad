package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/** What must hold for any bytes a server sends back to the PTR question for 127.0.0.1. */
final class PtrReplyChecks {
  /** The question every check asks (the seeds from NSD answer it). */
  static final Name Q = PtrCodec.reverseName(InetAddress.getLoopbackAddress());
  /** Our query for {@link #Q}, as a scan sends it. */
  static final byte[] QUERY = PtrCodec.reverseQuery(InetAddress.getLoopbackAddress(), true);

  private PtrReplyChecks() {}

  /**
   * Never throws; a reply the decoder makes sense of passes the transport's quick check (else it
   * would be dropped and the target wait out its timeouts); names are capped and safe to store and
   * show; nothing shown carries a terminal escape; a scan's decode (the plain reader first) says
   * what dnsjava's full decode says.
   */
  static void check(byte[] bytes) {
    PtrAnswer a = PtrCodec.decode(bytes, Q);
    assertThat(a).isNotNull();
    assertThat(PtrCodec.decode(bytes, QUERY)).isEqualTo(a);
    if (!(a instanceof PtrAnswer.Malformed)) {
      assertThat(PtrCodec.answers(bytes, Q)).as("answers() for a reply decoded as %s", a).isTrue();
    }
    if (a instanceof PtrAnswer.Malformed m) assertThat(m.reason()).doesNotContain("\u001b");
    assertThat(PtrCodec.presentation(bytes)).doesNotContain("\u001b");
    if (a instanceof PtrAnswer.Names n) {
      assertThat(n.names()).isNotEmpty().hasSizeLessThanOrEqualTo(PtrCodec.MAX_NAMES);
      n.names().forEach(name -> assertThat(name).matches("[a-z0-9_\\-.\\\\]+"));
    }
  }
}
