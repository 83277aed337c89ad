package org.otactive.netcheck;

/**
 * One line of the network-access check.
 *
 * @param check what was tried: {@code route}, {@code UDP 53 ask}, {@code TCP 135 connect}
 * @param to where: a subnet, {@code 203.0.113.53:53}, {@code 198.51.100.20:135}
 * @param route the interface, gateway and local address that carry it, or {@code no route: …}
 * @param result {@code ok}, {@code no route}, {@code no answer}, {@code refused}, {@code error answer},
 *     {@code not sent}, {@code not checked}
 * @param detail plain words: the answer, its time, the error
 * @param fix for what fails, the missing rule in words ({@code allow TCP 135 from 192.0.2.10 to
 *     198.51.100.0/24}); empty otherwise
 */
public record Finding(String site, String method, String check, String to, String route, String result, String detail,
    String fix) {
  public static final String OK = "ok";

  public boolean ok() {
    return result.equals(OK);
  }

  /**
   * Whether the way is shown closed, or was not tried at all: no route, no answer, refused, not
   * sent. An answer with an error proves the path; a port learned at run time is not checked.
   */
  public boolean failed() {
    return switch (result) {
      case "no route", "no answer", "refused", "not sent" -> true;
      default -> false;
    };
  }
}
