package org.otactive.web;

import java.util.List;
import java.util.Locale;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.supervise.Supervisor;

/**
 * The device search: by site, subnet, attribute, source, whether a host name is known, and free
 * text over addresses and values. Every criterion left empty matches everything.
 *
 * @param hostname {@code has}, {@code lacks} or null
 */
record DeviceFilter(String site, String subnet, String attribute, String source, String hostname, String q) {
  static DeviceFilter from(Call c) {
    String h = c.optional("hostname");
    if (h != null && !h.equals("has") && !h.equals("lacks")) {
      throw new Call.FieldError("hostname", "hostname is has or lacks, not '" + org.otactive.common.Text.printable(h) + "'");
    }
    return new DeviceFilter(c.optional("site"), c.optional("subnet"), c.optional("attribute"), c.optional("source"), h,
        c.optional("q"));
  }

  List<Device> apply(List<Device> devices, Supervisor sup) {
    AddressSet siteScope = site == null ? null : sup.site(site).ranges();
    AddressSet subnetScope;
    try {
      subnetScope = subnet == null ? null : AddressSet.of(List.of(subnet), List.of());
    } catch (RuntimeException e) {
      throw new Call.FieldError("subnet", e.getMessage());
    }
    String text = q == null ? null : q.toLowerCase(Locale.ROOT);
    return devices.stream()
        .filter(d -> siteScope == null || siteScope.contains(Addresses.parse(d.address())))
        .filter(d -> subnetScope == null || subnetScope.contains(Addresses.parse(d.address())))
        .filter(d -> attribute == null || d.latest(attribute).isPresent())
        .filter(d -> source == null || d.latest().stream().anyMatch(a -> a.source().equals(source)))
        .filter(d -> hostname == null || d.latest("hostname").isPresent() == hostname.equals("has"))
        .filter(d -> text == null || d.address().contains(text) || d.latest().stream()
            .map(AttributeValue::value).anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(text)))
        .toList();
  }
}
