package org.otactive.probe.rdns;

import java.util.List;
import org.xbill.DNS.Name;

/** What a DNS reply says about a PTR question. */
public sealed interface PtrAnswer {
  /**
   * PTR names found, after following {@code chain} (the CNAMEs of RFC 2317, possibly empty): each
   * as {@link HostNames#sanitize} makes it, distinct (as dnsjava compares names: ASCII letters
   * without case), in the order of the reply.
   */
  record Names(List<String> names, List<Name> chain) implements PtrAnswer {}

  /** The chain leads to a name whose PTRs are not in this reply: ask again for {@code target}. */
  record Alias(Name target, List<Name> chain) implements PtrAnswer {}

  /** The name exists but has no PTR. */
  record NoData(List<Name> chain) implements PtrAnswer {}

  /** The name (or the end of its chain) does not exist. */
  record NxDomain(List<Name> chain) implements PtrAnswer {}

  /** The reply did not fit in UDP; ask again over TCP. */
  record Truncated() implements PtrAnswer {}

  /** An error code from the server: SERVFAIL, REFUSED, NOTIMP, …. */
  record ServerError(int rcode, String rcodeName) implements PtrAnswer {}

  /** The reply could not be decoded or makes no sense; {@code reason} is safe to show. */
  record Malformed(String reason) implements PtrAnswer {}
}
