package org.otactive.run;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.otactive.probe.StreamConnection;
import org.otactive.safety.Blocked;
import org.otactive.safety.Gate;
import org.otactive.safety.Permit;

/** A TCP connection whose connect and writes pass the gate, closed at once by a stop. */
final class GatedStream implements StreamConnection {
  private final Gate gate;
  private final Permit permit;
  private final Socket socket;
  private final Runnable onStop;

  private GatedStream(Gate gate, Permit permit, Socket socket) {
    this.gate = gate;
    this.permit = permit;
    this.socket = socket;
    this.onStop = this::closeQuietly;
  }

  static GatedStream open(Gate gate, InetAddress target, InetSocketAddress peer, Duration timeout)
      throws Blocked, InterruptedException, IOException {
    Permit permit = gate.admit(target, peer);
    Socket socket = new Socket();
    GatedStream s = new GatedStream(gate, permit, socket);
    gate.stopSwitch().onStop(s.onStop);
    try {
      socket.setTcpNoDelay(true);
      socket.connect(peer, (int) Math.max(1, timeout.toMillis()));
      return s;
    } catch (IOException e) {
      s.close();
      if (gate.stopSwitch().isStopped()) throw new Blocked(Blocked.Reason.STOPPED, "stopped");
      throw e;
    }
  }

  @Override
  public void write(byte[] bytes) throws Blocked, InterruptedException, IOException {
    permit.another();
    socket.getOutputStream().write(bytes);
  }

  @Override
  public byte[] readFully(int n, Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    byte[] b = new byte[n];
    new DataInputStream(socket.getInputStream()).readFully(b);
    return b;
  }

  private void closeQuietly() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }

  @Override
  public void close() {
    gate.stopSwitch().removeListener(onStop);
    closeQuietly();
    permit.close();
  }
}
