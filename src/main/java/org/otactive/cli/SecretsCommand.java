package org.otactive.cli;

import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code otactive secrets}: the key that encrypts stored secrets. */
@Command(name = "secrets", mixinStandardHelpOptions = true, description = "Stored secrets (method passwords).",
    subcommands = SecretsCommand.RotateKey.class)
final class SecretsCommand {
  @Command(name = "rotate-key", mixinStandardHelpOptions = true,
      description = "Re-encrypt every stored secret under a new key, in one transaction (admins).")
  static final class RotateKey extends Supervised {
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      int n = s.supervisor().rotateSecretsKey(actor(), reason);
      out().println(n + " secret(s) re-encrypted under a new key");
      return 0;
    }
  }
}
