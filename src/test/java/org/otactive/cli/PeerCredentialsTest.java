package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.supervise.ServeProcess;
import org.otactive.testing.Cli;

/**
 * The control socket knows its callers from the kernel (SO_PEERCRED), not from what they claim.
 * The service runs as this test's account; another account ({@code nobody}, through {@code
 * setpriv}) reaches the socket only when it is opened to its group ({@code serve --socket-group}),
 * acts only as the otactive user mapped to it, and may not pick another with {@code --as}. The
 * other account's process is Debian's python3 (run as nobody), which carries the request's bytes to
 * the socket and the answer back: what the kernel reports is that process, not ours.
 */
class PeerCredentialsTest {
  @TempDir Path dir;

  private String db() {
    return "jdbc:h2:file:" + dir.resolve("db");
  }

  /** Sends a command to the socket as the OS account nobody; returns the service's reply. */
  private ControlProtocol.Reply asNobody(String as, String... args) throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    ControlProtocol.write(request, new ControlProtocol.Request("nobody", as, "/", List.of(args), Map.of()));
    String script = "import socket,sys\n"
        + "s=socket.socket(socket.AF_UNIX)\n"
        + "s.connect(sys.argv[1])\n"
        + "s.sendall(sys.stdin.buffer.read())\n"
        + "s.shutdown(socket.SHUT_WR)\n"
        + "out=b''\n"
        + "while True:\n"
        + "  b=s.recv(65536)\n"
        + "  if not b: break\n"
        + "  out+=b\n"
        + "sys.stdout.buffer.write(out)\n";
    Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
        script, dir.resolve("db.sock").toString()).redirectErrorStream(true).start();
    p.getOutputStream().write(request.toByteArray());
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(out, java.nio.charset.StandardCharsets.UTF_8)).isZero();
    return ControlProtocol.readAnswer(out).orElseThrow();
  }

  @Test
  void anotherAccountActsOnlyAsTheUserMappedToIt() throws Exception {
    Cli.ok(Cli.on(db(), "user", "add", Cli.ME, "--role", "admin", "--reason", "set-up"));
    Cli.ok(Cli.on(db(), "site", "add", "plant", "--zone", "UTC", "--ranges", "192.0.2.0/30", "--reason", "set-up"));
    try (ServeProcess serve = ServeProcess.start(db(), dir, "peer", Main.class, List.of("--port", "0", "--socket-group",
        "nogroup"))) {
      ControlProtocol.Reply unmapped = asNobody(null, "run", "status");
      assertThat(unmapped.code()).isEqualTo(Main.EXIT_DENIED);
      assertThat(unmapped.err()).contains("the OS account nobody is not mapped to an otactive user");

      // The service's own account may name anyone; here it maps nobody to a viewer.
      Cli.Result mapped = Cli.run(Cli.on(db(), "user", "add", "nora", "--role", "viewer", "--os-user", "nobody",
          "--reason", "night shift"));
      assertThat(mapped.code()).as(mapped.err()).isZero();
      assertThat(mapped.out()).contains("user nora is viewer (OS account nobody)");

      ControlProtocol.Reply status = asNobody(null, "run", "status");
      assertThat(status.code()).as(status.err()).isZero();
      ControlProtocol.Reply stop = asNobody(null, "stop", "--site", "plant", "--reason", "trying");
      assertThat(stop.code()).isEqualTo(Main.EXIT_DENIED);
      assertThat(stop.err()).contains("nora may not stop on site plant");
      ControlProtocol.Reply claimed = asNobody(Cli.ME, "stop", "--site", "plant", "--reason", "pretending");
      assertThat(claimed.code()).isEqualTo(Main.EXIT_DENIED);
      assertThat(claimed.err()).contains("--as is honoured only for the OS account running the service");
      assertThat(Cli.run(Cli.on(db(), "site", "show", "plant")).out()).contains("armed");
      assertThat(Cli.run(Cli.on(db(), "audit")).out()).doesNotContain("stop-site").contains("os-user=nobody");
      assertThat(serve.terminate()).isIn(0, 143);
    }
  }
}
