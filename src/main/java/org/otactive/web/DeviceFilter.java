package org.otactive.web;

import java.util.function.Predicate;
import java.util.function.Supplier;
import org.otactive.inventory.Device;
import org.otactive.supervise.DeviceSearch;
import org.otactive.supervise.Supervisor;

/**
 * The device search as the console and the API take it: {@link DeviceSearch}, each bad field told
 * by its name, and the subnet and host name fields as typed (the form shows them again).
 *
 * @param hostname {@code has}, {@code lacks} or null
 */
record DeviceFilter(DeviceSearch search, String subnet, String hostname) {
  static DeviceFilter from(Call c) {
    String subnet = c.optional("subnet");
    String hostname = c.optional("hostname");
    return new DeviceFilter(new DeviceSearch(c.optional("site"), field("subnet", () -> DeviceSearch.subnet(subnet)),
        c.optional("attribute"), c.optional("source"), field("hostname", () -> DeviceSearch.hostnameKnown(hostname)),
        c.optional("q")), subnet, hostname);
  }

  /** The filter that matches every device. */
  static DeviceFilter none() {
    return new DeviceFilter(new DeviceSearch(null, null, null, null, null, null), null, null);
  }

  private static <T> T field(String name, Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      throw new Call.FieldError(name, e.getMessage());
    }
  }

  String site() {
    return search.site();
  }

  String attribute() {
    return search.attribute();
  }

  String source() {
    return search.source();
  }

  String q() {
    return search.text();
  }

  /** Whether a device matches; an unknown site is refused when the matcher is made. */
  Predicate<Device> matcher(Supervisor sup) {
    return search.matcher(sup);
  }
}
