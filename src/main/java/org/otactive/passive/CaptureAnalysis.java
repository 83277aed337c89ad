package org.otactive.passive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.otactive.passive.capture.Ip;
import org.otactive.passive.capture.Packet;
import org.otactive.passive.names.Arp;
import org.otactive.passive.names.Dhcp;
import org.otactive.passive.names.DnsAnswers;
import org.otactive.passive.names.HostName;
import org.otactive.passive.names.Lldp;
import org.otactive.passive.names.Nbns;
import org.otactive.passive.ot.OtProtocol;
import org.otactive.passive.ot.ProfinetDcp;
import org.otactive.passive.ot.Recogniser;
import org.otactive.passive.ot.Recognisers;
import org.otactive.passive.ot.Role;

/**
 * Learns devices from the decoded frames of one capture, one frame at a time, in memory bounded by
 * the number of devices (flows awaiting a verdict are capped at {@link #MAX_FLOWS}).
 *
 * <p>A device is an IP address that speaks for itself: the source of an IP packet, the sender of
 * ARP, an address a DHCP server acknowledges, or one that PROFINET DCP or LLDP states. Addresses
 * only ever spoken to (a scan's targets) are not devices.
 *
 * <p>MAC of a device: stated ones first (ARP sender, DHCP acknowledgement, PROFINET DCP IP block,
 * LLDP management address, the source of an IPv6 link-local packet); otherwise the source MAC of its
 * IP packets, but only when that MAC sent for no other address of the family: a MAC carrying many
 * addresses is a router's, and routed traffic says nothing about the far devices' MACs.
 *
 * <p>OT protocols: the first payloads of each TCP or UDP flow are offered to every recogniser of
 * {@link Recognisers}. The message's bytes tell the sender's role where they can (a Hello, a
 * request, a DIR bit); otherwise the TCP handshake tells it; otherwise the side on the protocol's
 * registered port is the server; otherwise the lower port. The port never decides the protocol.
 */
final class CaptureAnalysis {
  static final int MAX_FLOWS = 65_536;
  static final int PAYLOADS_PER_FLOW = 8;
  static final int NAMES_PER_DEVICE = 8;
  static final int MAX_DNS_ANSWERS = 100_000;

  /** Where a name was heard, best first: the device's own word before others' words about it. */
  enum NameSource {
    DHCP("DHCP option 12"), NETBIOS("NetBIOS name service"), MDNS("mDNS"), LLMNR("LLMNR"), LLDP("LLDP system name"),
    DCP("PROFINET DCP NameOfStation"), DNS("DNS answer");

    final String label;

    NameSource(String label) {
      this.label = label;
    }
  }

  record Heard(String name, NameSource source, long frame) {}

  private static final class IpFacts {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long mac = -1;
    String macHow;
    final Set<OtProtocol> serves = EnumSet.noneOf(OtProtocol.class);
    final Set<OtProtocol> uses = EnumSet.noneOf(OtProtocol.class);
    final List<Heard> names = new ArrayList<>(2);

    void seen(long t) {
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
  }

  private static final class MacFacts {
    Ip v4;
    boolean manyV4;
    Ip v6;
    boolean manyV6;
    final Set<OtProtocol> serves = EnumSet.noneOf(OtProtocol.class);
    final Set<OtProtocol> uses = EnumSet.noneOf(OtProtocol.class);
    final List<Heard> names = new ArrayList<>(1);
  }

  private record FlowKey(Ip a, int portA, Ip b, int portB, int protocol) {
    static FlowKey of(Packet p) {
      boolean aFirst = compare(p.src(), p.srcPort(), p.dst(), p.dstPort()) <= 0;
      return aFirst ? new FlowKey(p.src(), p.srcPort(), p.dst(), p.dstPort(), p.protocol())
          : new FlowKey(p.dst(), p.dstPort(), p.src(), p.srcPort(), p.protocol());
    }

    private static int compare(Ip x, int px, Ip y, int py) {
      int c = Long.compare(x.hi(), y.hi());
      if (c == 0) c = Long.compare(x.lo(), y.lo());
      return c != 0 ? c : Integer.compare(px, py);
    }
  }

  private static final class Flow {
    Ip client;
    int clientPort = -1;
    int tried;
    boolean done;
  }

  private final Vendors vendors;
  private final Map<Ip, IpFacts> ips = new HashMap<>();
  private final Map<Long, MacFacts> macs = new HashMap<>();
  private final Map<Ip, List<Heard>> dnsNames = new HashMap<>();
  private int dnsAnswers;
  private final Map<FlowKey, Flow> flows = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<FlowKey, Flow> eldest) {
      return size() > MAX_FLOWS;
    }
  };
  private long frames;
  private long ipFrames;

  CaptureAnalysis(Vendors vendors) {
    this.vendors = vendors;
  }

  long frames() {
    return frames;
  }

  long ipFrames() {
    return ipFrames;
  }

  void add(Packet p) {
    frames++;
    long t = p.frame().epochNanos();
    long n = p.frame().number();
    byte[] b = p.data();
    if (p.srcMac() >= 0 && (p.srcMac() >>> 40 & 0x01) == 0) mac(p.srcMac());
    if (p.src() == null) {
      layer2(p, t, n, b);
      return;
    }
    ipFrames++;
    Ip src = p.src();
    if (src.isUnicast()) {
      ip(src).seen(t);
      if (p.srcMac() >= 0) frameMac(src, p.srcMac());
    }
    if (p.isUdp()) names(p, t, n, b);
    if ((p.isTcp() || p.isUdp()) && p.payloadLength() > 0 || p.isTcp()) flow(p);
  }

  private IpFacts ip(Ip ip) {
    return ips.computeIfAbsent(ip, k -> new IpFacts());
  }

  private MacFacts mac(long mac) {
    return macs.computeIfAbsent(mac, k -> new MacFacts());
  }

  /** A MAC the frame itself shows for its source address. */
  private void frameMac(Ip src, long mac) {
    if ((mac >>> 40 & 0x01) != 0) return;
    if (src.isLinkLocal()) {
      state(src, mac, "source of link-local frames");
      return;
    }
    MacFacts m = mac(mac);
    if (src.isV4()) {
      if (m.v4 == null) m.v4 = src;
      else if (!m.v4.equals(src)) m.manyV4 = true;
    } else {
      if (m.v6 == null) m.v6 = src;
      else if (!m.v6.equals(src)) m.manyV6 = true;
    }
  }

  /** A MAC stated for an address (ARP, DHCP, DCP, LLDP). */
  private void state(Ip ip, long mac, String how) {
    if (!ip.isUnicast() || mac < 0 || (mac >>> 40 & 0x01) != 0) return;
    IpFacts f = ip(ip);
    f.mac = mac;
    f.macHow = how;
    mac(mac);
  }

  private void layer2(Packet p, long t, long n, byte[] b) {
    int at = p.l3();
    int length = b.length - at;
    switch (p.etherType()) {
      case org.otactive.passive.capture.PacketDecoder.ARP -> {
        Arp arp = Arp.read(b, at, length);
        if (arp != null && arp.senderIp().isUnicast()) {
          ip(arp.senderIp()).seen(t);
          state(arp.senderIp(), arp.senderMac(), "ARP");
        }
      }
      case Lldp.ETHER_TYPE -> {
        Lldp lldp = Lldp.read(b, at, length);
        if (lldp == null || p.srcMac() < 0) return;
        String name = lldp.systemName() == null ? null : HostName.clean(lldp.systemName());
        if (name != null) heard(mac(p.srcMac()).names, new Heard(name, NameSource.LLDP, n));
        for (Ip m : lldp.managementAddresses()) {
          if (!m.isUnicast()) continue;
          ip(m).seen(t);
          if (ip(m).mac < 0) state(m, p.srcMac(), "LLDP management address");
        }
      }
      case ProfinetDcp.ETHER_TYPE -> {
        ProfinetDcp.Message dcp = ProfinetDcp.read(b, at, length);
        if (dcp == null || p.srcMac() < 0) return;
        MacFacts m = mac(p.srcMac());
        (dcp.role() == Role.CLIENT ? m.uses : m.serves).add(OtProtocol.PROFINET);
        if (dcp.nameOfStation() != null) {
          String name = HostName.clean(dcp.nameOfStation());
          if (name != null) heard(m.names, new Heard(name, NameSource.DCP, n));
        }
        if (dcp.ip() != null) {
          Ip ip = Ip.v4(dcp.ip().getAddress(), 0);
          if (ip.isUnicast()) {
            ip(ip).seen(t);
            state(ip, p.srcMac(), "PROFINET DCP");
          }
        }
      }
      default -> {
        // other layer-2 protocols say nothing this analysis keeps
      }
    }
  }

  private void names(Packet p, long t, long n, byte[] b) {
    int at = p.payload();
    int length = p.payloadLength();
    int sp = p.srcPort();
    int dp = p.dstPort();
    if ((sp == 67 || sp == 68) && (dp == 67 || dp == 68)) {
      Dhcp d = Dhcp.read(b, at, length);
      if (d == null || d.clientMac() < 0) return;
      if (d.fromClient() && d.hostName() != null) {
        String name = HostName.clean(d.hostName());
        if (name != null) heard(mac(d.clientMac()).names, new Heard(name, NameSource.DHCP, n));
      }
      if (!d.fromClient() && d.type() == Dhcp.ACK && d.yourAddress() != null && d.yourAddress().isUnicast()) {
        ip(d.yourAddress()).seen(t);
        state(d.yourAddress(), d.clientMac(), "DHCP");
      }
    } else if (sp == 137 && dp == 137 || sp == 137 && p.src().isUnicast()) {
      for (Nbns.Binding nb : Nbns.read(b, at, length)) {
        String name = HostName.clean(nb.name());
        if (name != null) dnsLike(nb.address(), new Heard(name, NameSource.NETBIOS, n));
      }
    } else if (sp == 53 || sp == 5353 || sp == 5355) {
      NameSource source = sp == 53 ? NameSource.DNS : sp == 5353 ? NameSource.MDNS : NameSource.LLMNR;
      for (DnsAnswers.Answer a : DnsAnswers.read(b, at, length)) {
        if (a.address().isUnicast()) dnsLike(a.address(), new Heard(a.name(), source, n));
      }
    }
  }

  /** A name for an address; kept aside until the end, when it is known whether the address is a device. */
  private void dnsLike(Ip address, Heard h) {
    List<Heard> list = dnsNames.get(address);
    if (list == null) {
      if (dnsAnswers >= MAX_DNS_ANSWERS) return;
      dnsAnswers++;
      list = new ArrayList<>(1);
      dnsNames.put(address, list);
    }
    heard(list, h);
  }

  private static void heard(List<Heard> names, Heard h) {
    for (Heard x : names) if (x.name().equals(h.name()) && x.source() == h.source()) return;
    if (names.size() < NAMES_PER_DEVICE) names.add(h);
  }

  private void flow(Packet p) {
    FlowKey key = FlowKey.of(p);
    Flow f = flows.get(key);
    if (f == null) {
      f = new Flow();
      flows.put(key, f);
    }
    if (p.isTcp() && (p.tcpFlags() & Packet.SYN) != 0) {
      boolean synAck = (p.tcpFlags() & Packet.ACK) != 0;
      f.client = synAck ? p.dst() : p.src();
      f.clientPort = synAck ? p.dstPort() : p.srcPort();
    }
    if (f.done || p.payloadLength() == 0 || f.tried >= PAYLOADS_PER_FLOW) return;
    f.tried++;
    List<Recogniser> candidates = p.isTcp() ? Recognisers.TCP : Recognisers.UDP;
    for (Recogniser r : candidates) {
      Role role = r.recognise(p.data(), p.payload(), p.payloadLength());
      if (role == null) continue;
      roles(p, f, r, role);
      if (p.isTcp()) f.done = true;
      return;
    }
  }

  private void roles(Packet p, Flow f, Recogniser r, Role role) {
    Ip server;
    Ip client;
    boolean srcIsServer;
    if (role != Role.EITHER) {
      srcIsServer = role == Role.SERVER;
    } else if (f.client != null) {
      srcIsServer = !(f.client.equals(p.src()) && f.clientPort == p.srcPort());
    } else if (!p.dst().isUnicast()) {
      srcIsServer = false; // a broadcast or multicast request
    } else if (p.srcPort() == r.port() && p.dstPort() != r.port()) {
      srcIsServer = true;
    } else if (p.dstPort() == r.port() && p.srcPort() != r.port()) {
      srcIsServer = false;
    } else {
      srcIsServer = p.srcPort() < p.dstPort();
    }
    server = srcIsServer ? p.src() : p.dst();
    client = srcIsServer ? p.dst() : p.src();
    if (server.isUnicast()) ip(server).serves.add(r.protocol());
    if (client.isUnicast()) ip(client).uses.add(r.protocol());
  }

  /** The devices learned, ordered by address; {@code file} names the capture in each fact's detail. */
  List<PassiveDevice> devices(String file) {
    // frame-derived MACs for addresses nothing stated a MAC for
    for (Map.Entry<Long, MacFacts> e : macs.entrySet()) {
      MacFacts m = e.getValue();
      if (m.v4 != null && !m.manyV4 && ips.containsKey(m.v4) && ips.get(m.v4).mac < 0) {
        ips.get(m.v4).mac = e.getKey();
        ips.get(m.v4).macHow = "source of its frames";
      }
      if (m.v6 != null && !m.manyV6 && ips.containsKey(m.v6) && ips.get(m.v6).mac < 0) {
        ips.get(m.v6).mac = e.getKey();
        ips.get(m.v6).macHow = "source of its frames";
      }
    }
    List<PassiveDevice> out = new ArrayList<>();
    for (Map.Entry<Ip, IpFacts> e : ips.entrySet()) {
      IpFacts f = e.getValue();
      if (f.first == Long.MAX_VALUE) continue;
      Map<String, PassiveDevice.Fact> facts = new LinkedHashMap<>();
      List<Heard> names = new ArrayList<>(f.names);
      Set<OtProtocol> serves = EnumSet.copyOf(setOrNone(f.serves));
      Set<OtProtocol> uses = EnumSet.copyOf(setOrNone(f.uses));
      if (f.mac >= 0) {
        facts.put("mac", new PassiveDevice.Fact(Text.mac(f.mac), f.macHow + " in " + file));
        vendors.of(f.mac).ifPresent(v -> facts.put("vendor", new PassiveDevice.Fact(v,
            "OUI " + Text.mac(f.mac).substring(0, 8) + " in " + vendors.source().map(Object::toString).orElse("?"))));
        MacFacts m = macs.get(f.mac);
        if (m != null) {
          names.addAll(m.names);
          serves.addAll(m.serves);
          uses.addAll(m.uses);
        }
      }
      names.addAll(dnsNames.getOrDefault(e.getKey(), List.of()));
      if (!names.isEmpty()) facts.put("hostname", hostname(names, file));
      if (!serves.isEmpty()) facts.put("ot-server", new PassiveDevice.Fact(labels(serves), "protocol bytes in " + file));
      if (!uses.isEmpty()) facts.put("ot-client", new PassiveDevice.Fact(labels(uses), "protocol bytes in " + file));
      out.add(new PassiveDevice(e.getKey().toString(), instant(f.first), instant(f.last), facts));
    }
    org.otactive.scope.Addresses.sortByAddress(out, PassiveDevice::address);
    return out;
  }

  private static Set<OtProtocol> setOrNone(Set<OtProtocol> s) {
    return s.isEmpty() ? EnumSet.noneOf(OtProtocol.class) : s;
  }

  /** MACs that sent frames but own no address in this capture (not stored: the inventory is keyed by IP). */
  long layer2Only() {
    Set<Long> bound = ips.values().stream().filter(f -> f.mac >= 0).map(f -> f.mac).collect(Collectors.toSet());
    return macs.entrySet().stream().filter(e -> !bound.contains(e.getKey()))
        .filter(e -> e.getValue().v4 == null && e.getValue().v6 == null).count();
  }

  static String labels(Set<OtProtocol> protocols) {
    return protocols.stream().map(OtProtocol::label).sorted().collect(Collectors.joining(","));
  }

  private static PassiveDevice.Fact hostname(List<Heard> names, String file) {
    names.sort(Comparator.comparing(Heard::source).thenComparingLong(Heard::frame));
    Heard best = names.getFirst();
    StringBuilder detail = new StringBuilder(best.source().label + ", frame " + best.frame() + " of " + file);
    Set<String> others = new TreeSet<>();
    for (Heard h : names) if (!h.name().equals(best.name())) others.add(h.source().label + " " + h.name());
    if (!others.isEmpty()) detail.append("; also ").append(String.join(", ", others));
    return new PassiveDevice.Fact(best.name(), detail.toString());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
