package org.otactive.netcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.otactive.common.Text;
import org.otactive.scope.Addresses;

/**
 * The routing table through iproute2's JSON output: {@code ip -j route get ADDRESS} for the kernel's
 * choice (which honours policy rules; it sends nothing), {@code ip -j route show table all} for the
 * prefixes. iproute2 is on every Linux host otactive runs on; reading {@code /proc/net/route}
 * ourselves would miss policy routing and IPv6.
 */
public final class IpRouteTable implements RouteTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String ip;

  public IpRouteTable() {
    this(find());
  }

  IpRouteTable(String ip) {
    this.ip = ip;
  }

  private static String find() {
    for (String p : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
      if (Files.isExecutable(Path.of(p))) return p;
    }
    return "ip";
  }

  private record Result(int code, String out, String err) {}

  private Result run(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ip));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "", "ip did not answer");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "", "cannot run " + ip + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    }
  }

  @Override
  public Route lookup(InetAddress destination) {
    Result r = run("-j", "route", "get", Addresses.canonical(destination));
    if (r.code() != 0) {
      String why = r.err().strip().replaceFirst("^RTNETLINK answers: ", "");
      return Route.none(Text.safe(why.isEmpty() ? "ip route get failed" : Text.firstLine(why)));
    }
    try {
      JsonNode routes = JSON.readTree(r.out());
      JsonNode first = routes.isArray() && !routes.isEmpty() ? routes.get(0) : null;
      if (first == null) return Route.none("the kernel names no route");
      String type = text(first, "type");
      if (type != null && !type.equals("unicast") && !type.equals("local")) return Route.none(type + " route");
      return new Route(text(first, "dev"), text(first, "gateway"), text(first, "prefsrc"), null);
    } catch (IOException e) {
      return Route.none("unreadable answer from ip route get");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : Text.safe(v.asText());
  }

  @Override
  public List<IPAddressSeqRange> prefixes() {
    List<IPAddressSeqRange> out = new ArrayList<>();
    for (String family : List.of("-4", "-6")) {
      Result r = run("-j", family, "route", "show", "table", "all");
      if (r.code() != 0) continue;
      try {
        for (JsonNode route : JSON.readTree(r.out())) {
          String dst = text(route, "dst");
          // The local table holds this host's own addresses and broadcasts: no edge of a route to a subnet.
          if (dst == null || dst.equals("default") || "local".equals(text(route, "table"))) continue;
          IPAddress a = new IPAddressString(dst).getAddress();
          if (a != null) out.add((a.isPrefixed() ? a.toPrefixBlock() : a).toSequentialRange());
        }
      } catch (IOException | RuntimeException e) {
        // A table we cannot read only makes the split coarser; each piece is still asked of the kernel.
      }
    }
    return out;
  }
}
