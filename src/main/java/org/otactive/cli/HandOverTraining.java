package org.otactive.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code ./otactive} has the JVM watch once to build the hand-over's start-up cache (see
 * {@link HandOver}): a few commands handed to a stand-in listener on a Unix socket in a temporary
 * folder, which answers each with an empty reply. It sends nothing on any network and opens no
 * database. Not a user command.
 */
public final class HandOverTraining {
  private static final int ROUNDS = 5;

  private HandOverTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("otactive-hand-over-training");
    Path socket = dir.resolve("otactive.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread standIn = Thread.ofPlatform().start(() -> answer(server));
      PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
      String db = "jdbc:h2:file:" + dir.resolve("otactive");
      for (int i = 0; i < ROUNDS; i++) {
        int code = ControlClient.forward(new String[] {"--db", db, "stop", "--site", "plant", "--secret-env", "HOME"},
            nowhere, nowhere, Map.of("HOME", "/"), pair -> false).orElse(-1);
        if (code != 0) throw new IllegalStateException("the stand-in did not answer the training command");
      }
      standIn.join();
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  private static void answer(ServerSocketChannel server) {
    for (int i = 0; i < ROUNDS; i++) {
      try (SocketChannel ch = server.accept()) {
        ControlProtocol.readRequest(Channels.newInputStream(ch));
        OutputStream out = Channels.newOutputStream(ch);
        out.write(ControlProtocol.KEEPALIVE);
        ControlProtocol.writeAnswer(out, new ControlProtocol.Reply(0, "", ""));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
