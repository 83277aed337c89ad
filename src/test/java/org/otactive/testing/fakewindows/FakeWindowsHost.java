package org.otactive.testing.fakewindows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.otactive.probe.wmi.dcom.DualStringArray;
import org.otactive.probe.wmi.dcom.SecurityBinding;
import org.otactive.probe.wmi.dcom.StringBinding;

/**
 * A fake Windows host for tests and benchmarks: DCOM's object resolver on TCP 135 and a WMI
 * object exporter on a port of its own, on one loopback address, answering as a hardened Windows
 * Server does (see {@code src/test/resources/fake-windows-host/README.md}). Runs until closed.
 *
 * <p>Binding port 135 needs root. Thread-safe: each connection is served on a virtual thread.
 */
public final class FakeWindowsHost implements AutoCloseable {
  /**
   * How the fake behaves.
   *
   * @param exporterPort the exporter's port, 0 for any free one
   * @param bindingAddresses the addresses the activation reply's TCP bindings name (with the
   *     exporter's port); empty for Windows' own choice: its name, then its address
   * @param serve135 false for a host whose port 135 is closed
   * @param stallAfterObjects stop answering Next after this many objects of an enumeration (-1: never)
   * @param deniedNamespaces namespaces whose NTLMLogin is answered WBEM_E_ACCESS_DENIED
   * @param timeoutFirstNext answer the first Next of each enumeration WBEM_S_TIMEDOUT, as a slow provider
   * @param authnHint the authentication level the activation reply hints at (Windows: 4, PKT)
   * @param answerDelayMillis how long the exporter takes over each answer (a busy host)
   */
  public record Options(String address, String user, String password, HostData data, int exporterPort,
      List<String> bindingAddresses, boolean serve135, int stallAfterObjects, Set<String> deniedNamespaces,
      boolean timeoutFirstNext, int authnHint, int answerDelayMillis) {
    public Options {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(data, "data");
      bindingAddresses = List.copyOf(bindingAddresses);
      deniedNamespaces = Set.copyOf(deniedNamespaces);
    }

    public static Options of(String address, String user, String password) {
      return new Options(address, user, password, HostData.defaults(), 0, List.of(), true, -1, Set.of(), false, 4, 0);
    }

    public Options withData(HostData d) {
      return new Options(address, user, password, d, exporterPort, bindingAddresses, serve135, stallAfterObjects,
          deniedNamespaces, timeoutFirstNext, authnHint, answerDelayMillis);
    }

    public Options withExporterPort(int port) {
      return new Options(address, user, password, data, port, bindingAddresses, serve135, stallAfterObjects,
          deniedNamespaces, timeoutFirstNext, authnHint, answerDelayMillis);
    }

    public Options withBindingAddresses(List<String> addresses) {
      return new Options(address, user, password, data, exporterPort, addresses, serve135, stallAfterObjects,
          deniedNamespaces, timeoutFirstNext, authnHint, answerDelayMillis);
    }

    public Options without135() {
      return new Options(address, user, password, data, exporterPort, bindingAddresses, false, stallAfterObjects,
          deniedNamespaces, timeoutFirstNext, authnHint, answerDelayMillis);
    }

    public Options stallingAfter(int objects) {
      return new Options(address, user, password, data, exporterPort, bindingAddresses, serve135, objects,
          deniedNamespaces, timeoutFirstNext, authnHint, answerDelayMillis);
    }

    public Options denyingNamespace(String ns) {
      return new Options(address, user, password, data, exporterPort, bindingAddresses, serve135, stallAfterObjects,
          Set.of(HostData.namespace(ns)), timeoutFirstNext, authnHint, answerDelayMillis);
    }

    public Options timingOutFirstNext() {
      return new Options(address, user, password, data, exporterPort, bindingAddresses, serve135, stallAfterObjects,
          deniedNamespaces, true, authnHint, answerDelayMillis);
    }

    public Options withAuthnHint(int hint) {
      return new Options(address, user, password, data, exporterPort, bindingAddresses, serve135, stallAfterObjects,
          deniedNamespaces, timeoutFirstNext, hint, answerDelayMillis);
    }

    public Options answeringAfter(int millis) {
      return new Options(address, user, password, data, exporterPort, bindingAddresses, serve135, stallAfterObjects,
          deniedNamespaces, timeoutFirstNext, authnHint, millis);
    }
  }

  /** One TCP connection the fake accepted. */
  public record Connection(int localPort, InetSocketAddress peer, boolean[] open) {
    public boolean isOpen() {
      synchronized (open) {
        return open[0];
      }
    }
  }

  private final Options options;
  private volatile HostData data;
  private final InetAddress address;
  private final FakeObjects objects = new FakeObjects();
  private final List<ServerSocket> listeners = new ArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger served = new AtomicInteger();
  private final List<Long> frames = new CopyOnWriteArrayList<>();
  private final int exporterPort;

  private FakeWindowsHost(Options options) throws IOException {
    this.options = options;
    this.data = options.data();
    this.address = InetAddress.getByName(options.address());
    if (!address.isLoopbackAddress()) throw new IllegalArgumentException("the fake serves on loopback only, not " + address);
    HostIdentity identity = new HostIdentity(data.computerName, options.user(), options.password());
    ServerSocket exporter = listen(options.exporterPort());
    this.exporterPort = exporter.getLocalPort();
    accept(exporter, new FakeExporter(this), identity);
    if (options.serve135()) accept(listen(135), new FakeScm(this), identity);
  }

  /** Starts serving; port 135 needs root. */
  public static FakeWindowsHost start(Options options) throws IOException {
    return new FakeWindowsHost(options);
  }

  private ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    try {
      s.bind(new InetSocketAddress(address, port), 50);
    } catch (IOException e) {
      s.close();
      close();
      throw new IOException("cannot listen on " + address.getHostAddress() + ":" + port
          + (port < 1024 ? " (binding a port below 1024 needs root)" : "") + ": " + e.getMessage(), e);
    }
    listeners.add(s);
    return s;
  }

  private void accept(ServerSocket listener, RpcServerConnection.Endpoint endpoint, HostIdentity identity) {
    Thread.ofVirtual().name("fake-accept-" + listener.getLocalPort()).start(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          s.setTcpNoDelay(true);
          sockets.add(s);
          Connection c = new Connection(listener.getLocalPort(), (InetSocketAddress) s.getRemoteSocketAddress(),
              new boolean[] {true});
          connections.add(c);
          Thread.ofVirtual().name("fake-conn").start(() -> {
            try {
              new RpcServerConnection(s, endpoint, identity, Clock.systemUTC(), FakeWindowsHost.this::event,
                  () -> frames.add(System.nanoTime())).run();
            } finally {
              synchronized (c.open()) {
                c.open()[0] = false;
              }
              sockets.remove(s);
              served.incrementAndGet();
            }
          });
        } catch (IOException e) {
          return; // closed
        }
      }
    });
  }

  public InetAddress address() {
    return address;
  }

  public int exporterPort() {
    return exporterPort;
  }

  public Options options() {
    return options;
  }

  HostData data() {
    return data;
  }

  /** Changes what the host reports from now on (a new hotfix, software removed, …). */
  public void replaceData(HostData newData) {
    this.data = Objects.requireNonNull(newData);
  }

  /** The instances of a class in the host's data, as the data file gives them. */
  public List<org.otactive.probe.wmi.wmio.WmiInstance> dataInstances(String namespace, String className) {
    return data.instances(namespace, className);
  }

  FakeObjects objects() {
    return objects;
  }

  /** Interface pointers whose references have not all come back. */
  public int exportedPointers() {
    return objects.exported();
  }

  /**
   * Waits up to {@code timeout} for every accepted connection to be closed (the fake sees a
   * client's close a moment after the client made it); true when they all are.
   */
  public boolean awaitAllClosed(java.time.Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (connections.stream().anyMatch(Connection::isOpen)) {
      if (System.nanoTime() > end) return false;
      Thread.sleep(5);
    }
    return true;
  }

  /** When each PDU arrived ({@link System#nanoTime}), on any connection. */
  public List<Long> frameArrivals() {
    return List.copyOf(frames);
  }

  /** Every connection accepted so far. */
  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** What the host was asked, in order: activations, logins, queries, releases. */
  public List<String> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  void event(String e) {
    events.add(e);
  }

  /**
   * The exporter's bindings in the activation reply, shaped as a Windows Server's: two named-pipe
   * bindings, then TCP by lower-case host name and by address, then six security services with
   * their principals.
   */
  DualStringArray oxidBindings() {
    String name = data.computerName;
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    List<StringBinding> strings = new ArrayList<>();
    if (options.bindingAddresses().isEmpty()) {
      strings.add(new StringBinding(StringBinding.NAMED_PIPE, "\\\\\\\\" + name + "[\\\\PIPE\\\\atsvc]"));
      strings.add(new StringBinding(StringBinding.NAMED_PIPE, "\\\\\\\\" + name + "[\\\\pipe\\\\SessEnvPublicRpc]"));
      strings.add(new StringBinding(StringBinding.TCP, lower + "[" + exporterPort + "]"));
      strings.add(new StringBinding(StringBinding.TCP, address.getHostAddress() + "[" + exporterPort + "]"));
    } else {
      for (String n : options.bindingAddresses()) strings.add(new StringBinding(StringBinding.TCP, n + "[" + exporterPort + "]"));
    }
    String system = "NT AUTHORITY\\SYSTEM";
    String host = "host/" + lower;
    return new DualStringArray(strings, List.of(new SecurityBinding(0x0a, 0xffff, system),
        new SecurityBinding(0x1e, 0xffff, system), new SecurityBinding(0x10, 0xffff, host),
        new SecurityBinding(0x09, 0xffff, host), new SecurityBinding(0x16, 0xffff, system),
        new SecurityBinding(0x1f, 0xffff, system)));
  }

  DualStringArray resolverAddress() {
    return FakeObjects.resolverAddress(data.computerName, address.getHostAddress());
  }

  @Override
  public void close() {
    for (ServerSocket s : listeners) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /**
   * {@code scripts/fake-windows-host --address 127.0.0.X --user U --password P [--data FILE.json]
   * [--exporter-port N]}: serves until killed.
   */
  public static void main(String[] args) throws Exception {
    String address = null;
    String user = null;
    String password = null;
    Path dataFile = null;
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--address" -> address = args[++i];
        case "--user" -> user = args[++i];
        case "--password" -> password = args[++i];
        case "--data" -> dataFile = Path.of(args[++i]);
        case "--exporter-port" -> port = Integer.parseInt(args[++i]);
        default -> usage("unknown option " + args[i]);
      }
      if (value == null) usage(args[i] + " needs a value");
    }
    if (address == null || user == null || password == null) usage("--address, --user and --password are required");
    Options o = Options.of(address, user, password).withExporterPort(port);
    if (dataFile != null) o = o.withData(HostData.load(dataFile));
    FakeWindowsHost host = start(o);
    System.out.println("fake Windows host " + host.data.computerName + " on " + address + ": port 135, exporter port "
        + host.exporterPort + "; account " + user);
    Runtime.getRuntime().addShutdownHook(new Thread(host::close));
    Thread.currentThread().join();
  }

  private static void usage(String problem) {
    System.err.println("fake-windows-host: " + problem);
    System.err.println("usage: scripts/fake-windows-host --address 127.0.0.X --user USER --password PASSWORD"
        + " [--data FILE.json] [--exporter-port N]");
    System.exit(2);
  }
}
