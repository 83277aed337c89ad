package org.otactive.probe.wmi.wmio;

import java.util.Objects;

/**
 * The server and namespace an object says it comes from (MS-WMIO 2.2.7). Purely documentary, and
 * as untrusted as any other string from the network.
 */
public record Decoration(String server, String namespace) {
  public Decoration {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(namespace, "namespace");
  }
}
