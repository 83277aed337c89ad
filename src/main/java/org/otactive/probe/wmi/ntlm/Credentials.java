package org.otactive.probe.wmi.ntlm;

import java.util.Objects;

/**
 * A Windows account and its password. {@link #toString} never shows the password.
 *
 * @param domain the account's domain, empty for a local account of the target
 * @param user the account name
 * @param password the clear-text password
 */
public record Credentials(String domain, String user, String password) {
  public Credentials {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(password, "password");
    if (user == null || user.isBlank()) throw new IllegalArgumentException("user name is empty");
  }

  /**
   * Reads {@code DOMAIN\\user}, {@code user@domain} or a local {@code user}.
   *
   * @throws IllegalArgumentException if the name is empty or has an empty user part
   */
  public static Credentials parse(String account, String password) {
    Objects.requireNonNull(account, "account");
    int slash = account.indexOf('\\');
    if (slash >= 0) return new Credentials(account.substring(0, slash), account.substring(slash + 1), password);
    int at = account.lastIndexOf('@');
    if (at >= 0) return new Credentials(account.substring(at + 1), account.substring(0, at), password);
    return new Credentials("", account, password);
  }

  @Override
  public String toString() {
    return (domain.isEmpty() ? "" : domain + "\\") + user + " (password hidden)";
  }
}
