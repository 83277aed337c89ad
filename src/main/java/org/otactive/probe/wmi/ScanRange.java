package org.otactive.probe.wmi;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.probe.SettingTable;
import org.otactive.probe.TableRow;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;

/**
 * One WEM scan range as the reference product defines it: the addresses {@code FROM}..{@code TO}
 * (both included), the Windows account that logs on to them ({@code USER}, {@code PASSWORD}) and
 * whether the range is switched off ({@code DISABLE}). Immutable; {@link #toString} never shows
 * the password.
 */
record ScanRange(InetAddress from, InetAddress to, Credentials account, boolean disabled) {
  static final String FROM = "FROM";
  static final String TO = "TO";
  static final String USER = "USER";
  static final String PASSWORD = "PASSWORD";
  static final String DISABLE = "DISABLE";
  /** The most addresses one range may hold, as the reference product allows. */
  static final int MAX_ADDRESSES = 65_536;

  /** The table of a site's scan ranges: the reference product's CSV headers, in its order. */
  static final SettingTable TABLE = SettingTable.kept("ranges",
      "Scan ranges: the addresses FROM..TO (inside the site's ranges, at most 65,536) are collected with the"
          + " Windows account USER (DOMAIN\\user, user@domain or a local user) and its PASSWORD, unless DISABLE is TRUE.",
      List.of(new SettingTable.Column(FROM, "First address of the range, e.g. 10.20.30.1.", true, false),
          new SettingTable.Column(TO, "Last address of the range (not before FROM), e.g. 10.20.30.254.", true, false),
          new SettingTable.Column(USER, "The account: DOMAIN\\user, user@domain or a local user.", true, false),
          new SettingTable.Column(PASSWORD, "The account's password (sealed in the secret store).", true, true),
          new SettingTable.Column(DISABLE, "TRUE leaves the range out of scans; FALSE or empty scans it.", false, false)),
      List.of(FROM, TO, USER));

  /**
   * Reads one row, checked as the reference product checks an import: both ends are addresses of
   * one family, FROM is not after TO, the range holds at most 65,536 addresses, USER is not empty,
   * DISABLE is TRUE, FALSE or empty.
   *
   * @throws BadInputException naming the bad cell
   */
  static ScanRange of(TableRow row) {
    InetAddress from = address(row, FROM);
    InetAddress to = address(row, TO);
    if (from.getAddress().length != to.getAddress().length) {
      throw new BadInputException("FROM " + Addresses.canonical(from) + " and TO " + Addresses.canonical(to)
          + " are not of one family (IPv4 and IPv6)");
    }
    BigInteger low = new BigInteger(1, from.getAddress());
    BigInteger high = new BigInteger(1, to.getAddress());
    if (low.compareTo(high) > 0) {
      throw new BadInputException("FROM " + Addresses.canonical(from) + " is after TO " + Addresses.canonical(to));
    }
    BigInteger size = high.subtract(low).add(BigInteger.ONE);
    if (size.compareTo(BigInteger.valueOf(MAX_ADDRESSES)) > 0) {
      throw new BadInputException("the range " + Addresses.canonical(from) + "-" + Addresses.canonical(to) + " holds "
          + String.format(Locale.ROOT, "%,d", size) + " addresses, more than " + String.format(Locale.ROOT, "%,d", MAX_ADDRESSES));
    }
    String user = row.cell(USER).strip();
    if (user.isEmpty()) throw new BadInputException("USER is empty");
    Credentials account;
    try {
      account = Credentials.parse(user, row.cell(PASSWORD));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("USER '" + Text.printable(user) + "' names no user (DOMAIN\\user, user@domain or user)");
    }
    String flag = row.cell(DISABLE).strip().toUpperCase(Locale.ROOT);
    if (!flag.isEmpty() && !flag.equals("TRUE") && !flag.equals("FALSE")) {
      throw new BadInputException("DISABLE is '" + Text.printable(row.cell(DISABLE)) + "', not TRUE or FALSE");
    }
    return new ScanRange(from, to, account, flag.equals("TRUE"));
  }

  private static InetAddress address(TableRow row, String column) {
    String text = row.cell(column);
    if (text.isBlank()) throw new BadInputException(column + " is empty");
    try {
      return Addresses.parse(text);
    } catch (BadInputException e) {
      throw new BadInputException(column + " is not an IP address: '" + Text.printable(text) + "'");
    }
  }

  /** The range's addresses. */
  AddressSet addresses() {
    return AddressSet.of(spec());
  }

  /** {@code FROM-TO} in canonical text. */
  String spec() {
    return Addresses.canonical(from) + "-" + Addresses.canonical(to);
  }

  boolean contains(InetAddress address) {
    if (address.getAddress().length != from.getAddress().length) return false;
    BigInteger a = new BigInteger(1, address.getAddress());
    return a.compareTo(new BigInteger(1, from.getAddress())) >= 0 && a.compareTo(new BigInteger(1, to.getAddress())) <= 0;
  }

  /** The row as it is kept: canonical addresses, the user as typed (trimmed), DISABLE as TRUE or FALSE. */
  TableRow normalised(TableRow row) {
    return row.with(FROM, Addresses.canonical(from)).with(TO, Addresses.canonical(to)).with(USER, row.cell(USER).strip())
        .with(DISABLE, disabled ? "TRUE" : "FALSE");
  }

  @Override
  public String toString() {
    return spec() + " as " + account + (disabled ? " (disabled)" : "");
  }
}
