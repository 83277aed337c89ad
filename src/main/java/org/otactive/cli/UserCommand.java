package org.otactive.cli;

import java.util.ArrayList;
import java.util.List;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive user}: who may do what. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Users and their roles (admin, owner, viewer).",
    subcommands = {UserCommand.Add.class, UserCommand.Password.class, UserCommand.ListUsers.class})
final class UserCommand {
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user or change a role (admins; the first admin may be added by anyone).")
  static final class Add extends Supervised {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--role", required = true, paramLabel = "admin|owner|viewer") String role;
    @Option(names = "--os-user", paramLabel = "LOGIN",
        description = "The operating-system login whose commands on the service's socket act as this user.") String osUser;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      User u = new User(name, Role.parse(role));
      s.supervisor().saveUser(actor(), u, osUser, reason);
      out().println("user " + u.name() + " is " + u.role().word() + (osUser == null ? "" : " (OS account " + osUser + ")"));
      return 0;
    }
  }

  @Command(name = "password", mixinStandardHelpOptions = true,
      description = "Give a user a one-time password for the console (admins); it must be changed at the first sign-in.")
  static final class Password extends Supervised {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      String pw = s.accounts().resetPassword(actor(), name, reason);
      out().println("one-time password for " + name + " (shown once): " + pw);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class ListUsers extends Supervised {
    @picocli.CommandLine.Mixin Listing.Format format;

    @Override
    int execute(Services s) throws Exception {
      List<List<String>> rows = new ArrayList<>();
      for (User u : s.supervisor().store().users()) rows.add(List.of(u.name(), u.role().word()));
      Listing.print(out(), format.format, List.of("name", "role"), rows);
      return 0;
    }
  }
}
