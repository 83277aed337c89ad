package org.otactive.cli;

import org.otactive.methods.BuiltInMethods;

/**
 * Prints the registered methods' commands that a running service takes ({@code "WORD
 * SUBCOMMAND"}, one per line, sorted): {@code ./otactive} writes them once per build to
 * {@code target/otactive-forwarded-commands.txt} and hands exactly those to {@link HandOver}, so
 * neither the script nor the hand-over names a method. Not a user command.
 */
public final class ForwardedCommands {
  private ForwardedCommands() {}

  public static void main(String[] args) {
    Main.forwardedPairs(BuiltInMethods.registry()).stream().sorted().forEach(System.out::println);
  }
}
