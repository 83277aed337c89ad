package org.otactive.supervise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.otactive.probe.rdns.DnsServer;
import org.otactive.probe.rdns.DnsServerSpec;
import org.otactive.probe.rdns.RdnsSettings;
import org.otactive.safety.Rate;
import org.otactive.scope.BadInputException;

/**
 * The reverse DNS method's settings on one site, as the user typed them (so they read back the
 * same), validated on construction.
 *
 * @param servers {@code ADDR[:PORT][=SUBNETS]} as for {@code otactive rdns --dns-server}
 * @param rate queries per second per server; 0 = unlimited
 */
public record RdnsMethodSettings(List<String> servers, int labels, double rate, int inFlight, int tries) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public RdnsMethodSettings {
    servers = List.copyOf(servers);
    DnsServer.checkLabels(labels);
    if (rate < 0 || rate > 1_000_000 || Double.isNaN(rate)) throw new BadInputException("rate out of range: " + rate);
    if (inFlight < 1 || inFlight > 1000) throw new BadInputException("in-flight out of range: " + inFlight + " (1..1000)");
    settings(servers, labels, tries); // validates the servers and tries
  }

  private static RdnsSettings settings(List<String> servers, int labels, int tries) {
    return new RdnsSettings(servers.stream().map(s -> DnsServerSpec.parse(s, labels)).toList(), tries);
  }

  public RdnsSettings settings() {
    return settings(servers, labels, tries);
  }

  public Rate perServerRate() {
    return rate == 0 ? Rate.UNLIMITED : Rate.of(rate);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RdnsMethodSettings fromJson(String json) {
    try {
      return JSON.readValue(json, RdnsMethodSettings.class);
    } catch (JsonProcessingException e) {
      throw new BadInputException("stored rdns settings do not read back: " + e.getOriginalMessage());
    }
  }
}
