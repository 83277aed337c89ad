package org.otactive.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.otactive.passive.capture.CaptureFormat;
import org.otactive.passive.capture.CaptureReader;
import org.otactive.passive.capture.Frame;

/**
 * What reached a peer on loopback, with the time the kernel stamped on each packet: Wireshark's
 * dumpcap on {@code lo} with a kernel (BPF) filter. The stamp is taken as the packet leaves the
 * sender for the loopback device, on the wall clock ({@code CLOCK_REALTIME}), so it is true however
 * busy the test's own threads are, and it compares with wall-clock times other processes log.
 * dumpcap reports packets the kernel dropped before it read them; {@link Result#dropped} says how
 * many, and a test that relies on seeing every packet checks it is zero. dumpcap does not read what
 * the kernel still holds when it is told to stop, so {@link #stop} first sends a marker datagram of
 * its own and waits until the marker is in the file: every packet sent before it is then there too.
 */
public final class LoopbackCapture {
  /**
   * One packet: its kernel time stamp, addresses, ports, transport ({@code 17} UDP, {@code 6} TCP
   * with its flags; -1 for UDP) and transport payload.
   */
  public record Packet(long epochNanos, InetAddress source, int sourcePort, InetAddress destination, int destinationPort,
      int protocol, int tcpFlags, byte[] payload) {
    public Instant at() {
      return Instant.ofEpochSecond(0, epochNanos);
    }

    /**
     * Whether a sender's probe sent it: a datagram, a TCP connection attempt (SYN) or a segment
     * with data; not the acknowledgements and the closing (FIN, RST) the kernel sends for a socket
     * that was closed, which a stop does.
     */
    public boolean sent() {
      return protocol == 17 || (tcpFlags & 0x02) != 0 && (tcpFlags & 0x10) == 0 || payload.length > 0;
    }
  }

  /** The packets in capture order, and how many the capture lost. */
  public record Result(List<Packet> packets, long dropped) {
    /** The packets a probe sent (see {@link Packet#sent}). */
    public List<Packet> sent() {
      return packets.stream().filter(Packet::sent).toList();
    }

    /** The latest time stamp of a packet a probe sent, or null when there is none. */
    public Instant last() {
      return sent().stream().map(Packet::at).max(Instant::compareTo).orElse(null);
    }

    /** The packets stamped after {@code t}. */
    public List<Packet> after(Instant t) {
      return packets.stream().filter(p -> p.at().isAfter(t)).toList();
    }

    /** The packets a probe sent stamped between {@code from} and {@code to} (null: open on that side). */
    public List<Packet> sentBetween(Instant from, Instant to) {
      return sent().stream().filter(p -> (from == null || p.at().isAfter(from)) && (to == null || p.at().isBefore(to)))
          .toList();
    }
  }

  /** The most packets stamped within any one second (a sliding window over the kernel's stamps). */
  public static int maxInAnySecond(List<Packet> packets) {
    List<Long> t = packets.stream().map(Packet::epochNanos).sorted().toList();
    int max = 0;
    for (int i = 0, j = 0; i < t.size(); i++) {
      while (t.get(i) - t.get(j) >= 1_000_000_000L) j++;
      max = Math.max(max, i - j + 1);
    }
    return max;
  }

  /**
   * The most packets a sender limited to {@code rate} per second may have stamped in any one second
   * at the peer: the rate and the limiter's burst, plus what a sending thread descheduled between
   * its admission and its send moves into the next second. That stall is up to 100 ms on the loaded
   * 2-core CI machine (112 in a second were seen at rate 100 while a command took 3 s to start),
   * hence 10 % of the rate. The average over a run stays under the rate itself.
   */
  public static int mostInAnySecond(int rate) {
    return (int) Math.ceil(rate * 1.10) + org.otactive.safety.RateLimiter.BURST;
  }

  /** Packets per second from the first to the last of {@code packets} (at least two). */
  public static double rate(List<Packet> packets) {
    long first = packets.stream().mapToLong(Packet::epochNanos).min().orElseThrow();
    long last = packets.stream().mapToLong(Packet::epochNanos).max().orElseThrow();
    return (packets.size() - 1) * 1e9 / (last - first);
  }

  private static final Pattern DROPS = Pattern.compile("Packets received/dropped on interface '[^']*': (\\d+)/(\\d+)");

  private final Process dumpcap;
  private final Path file;
  private final Path log;
  /** A folder of this capture's own, removed by {@link #stop}; null when the caller gave one. */
  private final Path own;
  /** Where the end marker goes (a socket of the capture's own, so nothing else listens there). */
  private final DatagramSocket marker;

  private LoopbackCapture(Process dumpcap, Path file, Path log, Path own, DatagramSocket marker) {
    this.dumpcap = dumpcap;
    this.file = file;
    this.log = log;
    this.own = own;
    this.marker = marker;
  }

  /**
   * Captures not stopped yet: a test that fails before {@link #stop} leaves its dumpcap running,
   * which the test JVM ends as it exits.
   */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy), "capture-cleanup"));
  }

  /** The address end markers go to: in the tests' own range, apart from every peer. */
  private static final String MARKER_HOST = "127.0.0.199";

  /** Starts capturing what reaches {@code peer} (UDP and TCP), in a temporary folder of its own. */
  public static LoopbackCapture to(InetSocketAddress peer) throws IOException, InterruptedException {
    Path own = Files.createTempDirectory("otactive-capture");
    return start("dst host " + peer.getAddress().getHostAddress() + " and dst port " + peer.getPort(), own, own);
  }

  /**
   * Starts capturing the loopback packets {@code filter} (pcap filter syntax, e.g. {@code udp and
   * dst port 5353}) selects into a file in {@code dir}; returns once dumpcap captures.
   */
  public static LoopbackCapture start(String filter, Path dir) throws IOException, InterruptedException {
    return start(filter, dir, null);
  }

  private static LoopbackCapture start(String filter, Path dir, Path own) throws IOException, InterruptedException {
    Tshark.requireTools();
    DatagramSocket marker = new DatagramSocket(new InetSocketAddress(MARKER_HOST, 0));
    String withMarker = "(" + filter + ") or (udp and dst host " + MARKER_HOST + " and dst port " + marker.getLocalPort() + ")";
    Path file = Files.createTempFile(dir, "capture", ".pcapng");
    Path log = Files.createTempFile(dir, "dumpcap", ".log");
    // -B: a 64 MiB kernel buffer, so a burst of small packets is not dropped while dumpcap writes.
    Process p = new ProcessBuilder("/usr/bin/dumpcap", "-q", "-i", "lo", "-B", "64", "-f", withMarker, "-w", file.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.readString(log).contains("File:")) {
      if (!p.isAlive() || System.nanoTime() > end) {
        p.destroyForcibly();
        marker.close();
        throw new IllegalStateException("dumpcap did not start capturing on lo (are we root?): " + Files.readString(log));
      }
      Thread.sleep(20);
    }
    LIVE.add(p);
    return new LoopbackCapture(p, file, log, own, marker);
  }

  /**
   * Stops the capture and reads it. Every packet sent before the call is in the result: the end
   * marker has reached the file first (dumpcap would leave what the kernel still holds unread).
   */
  public Result stop() throws IOException, InterruptedException {
    drain();
    int markerPort = marker.getLocalPort();
    marker.close();
    dumpcap.destroy();
    LIVE.remove(dumpcap);
    if (!dumpcap.waitFor(30, TimeUnit.SECONDS)) {
      dumpcap.destroyForcibly();
      throw new IllegalStateException("dumpcap did not stop");
    }
    String said = Files.readString(log);
    Matcher m = DROPS.matcher(said);
    long dropped = m.find() ? Long.parseLong(m.group(2)) : -1;
    if (dropped < 0) throw new IllegalStateException("dumpcap did not report its drops: " + said);
    Result r = new Result(read(file).stream()
        .filter(p -> !(p.destinationPort() == markerPort && p.destination().getHostAddress().equals(MARKER_HOST))).toList(),
        dropped);
    if (own != null) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(log);
      Files.deleteIfExists(own);
    }
    return r;
  }

  /**
   * Sends a marker (a random token) and waits until dumpcap has written it: the kernel hands dumpcap
   * packets in the order they passed the loopback device, so all sent before are written too.
   */
  private void drain() throws IOException, InterruptedException {
    byte[] token = new byte[16];
    new java.security.SecureRandom().nextBytes(token);
    DatagramPacket d = new DatagramPacket(token, token.length, marker.getLocalSocketAddress());
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long resend = 0;
    while (!contains(Files.readAllBytes(file), token)) {
      if (!dumpcap.isAlive() || System.nanoTime() > end) {
        throw new IllegalStateException("dumpcap did not write the end marker: " + Files.readString(log));
      }
      if (System.nanoTime() > resend) { // once, and again each second in case the kernel dropped it
        marker.send(d);
        resend = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      }
      Thread.sleep(10);
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  /** The IPv4/IPv6 UDP and TCP packets of a Linux loopback capture (Ethernet framing). */
  static List<Packet> read(Path capture) throws IOException {
    List<Packet> out = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(capture))) {
      in.mark(16);
      byte[] head = in.readNBytes(8);
      in.reset();
      CaptureReader reader = CaptureReader.open(CaptureFormat.of(head).orElseThrow(), in);
      for (Frame f; (f = reader.next()) != null; ) {
        Packet p = decode(f);
        if (p != null) out.add(p);
      }
    }
    return out;
  }

  private static Packet decode(Frame f) throws UnknownHostException {
    byte[] d = f.data();
    if (f.linkType() != 1 || d.length < 14) return null;
    int type = u16(d, 12);
    int ip = 14;
    InetAddress src;
    InetAddress dst;
    int proto;
    int l4;
    int end;
    if (type == 0x0800 && d.length >= ip + 20) {
      int ihl = (d[ip] & 0x0f) * 4;
      end = Math.min(d.length, ip + u16(d, ip + 2));
      proto = d[ip + 9] & 0xff;
      src = InetAddress.getByAddress(Arrays.copyOfRange(d, ip + 12, ip + 16));
      dst = InetAddress.getByAddress(Arrays.copyOfRange(d, ip + 16, ip + 20));
      l4 = ip + ihl;
    } else if (type == 0x86dd && d.length >= ip + 40) {
      proto = d[ip + 6] & 0xff;
      src = InetAddress.getByAddress(Arrays.copyOfRange(d, ip + 8, ip + 24));
      dst = InetAddress.getByAddress(Arrays.copyOfRange(d, ip + 24, ip + 40));
      l4 = ip + 40;
      end = Math.min(d.length, l4 + u16(d, ip + 4));
    } else {
      return null;
    }
    if (proto == 17 && end >= l4 + 8) {
      return new Packet(f.epochNanos(), src, u16(d, l4), dst, u16(d, l4 + 2), proto, -1, Arrays.copyOfRange(d, l4 + 8, end));
    }
    if (proto == 6 && end >= l4 + 20) {
      int dataOffset = ((d[l4 + 12] & 0xf0) >> 4) * 4;
      return new Packet(f.epochNanos(), src, u16(d, l4), dst, u16(d, l4 + 2), proto, d[l4 + 13] & 0xff,
          Arrays.copyOfRange(d, Math.min(end, l4 + dataOffset), end));
    }
    return null;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
