package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.run.Tester;
import org.otactive.testing.GatedTest;
import org.otactive.safety.Limits;
import org.otactive.testing.fakewindows.FakeWindowsHost;
import org.otactive.testing.fakewindows.HostData;

/** A whole host's collection against the fake on 127.0.0.53, through a real run gate. */
class WindowsHostCollectorTest {
  static final String ADDRESS = "127.0.0.53";
  static final String USER = "wem-scan";
  static final String PASSWORD = "Collect-0r!";
  static FakeWindowsHost host;

  @BeforeAll
  static void start() throws Exception {
    // the first adapter holds the address the scan asks: its MAC keys the device
    JsonNode tree = HostData.defaultTree();
    for (JsonNode c : tree.get("classes")) {
      if (c.get("name").asText().equals("Win32_NetworkAdapterConfiguration")) {
        ((ArrayNode) c.get("instances").get(0).get("IPAddress")).add(ADDRESS);
      }
    }
    host = FakeWindowsHost.start(FakeWindowsHost.Options.of(ADDRESS, USER, PASSWORD).withData(HostData.parse(tree)));
  }

  @AfterAll
  static void stop() {
    if (host != null) host.close();
  }

  @Test
  void collectsEveryFactOfTheHostSanitisedInTwoConnections() throws Exception {
    Outcome outcome = GatedTest.run(host.address(), Set.of(), Limits.defaults(),
        ctx -> new WindowsHostCollector(WmiSettings.of(Credentials.parse(USER, PASSWORD))).collect(ctx));
    assertThat(outcome).as(outcome.detail()).isInstanceOf(Outcome.Ok.class);
    Map<String, String> facts = new LinkedHashMap<>();
    for (Fact f : ((Outcome.Ok) outcome).facts()) {
      assertThat(facts.put(f.attribute(), f.value())).as("one fact per attribute: " + f.attribute()).isNull();
      assertThat(f.value()).as(f.attribute()).doesNotContainPattern("\\p{Cc}|\\p{Cf}");
      assertThat(f.detail()).isEqualTo("WMI " + ADDRESS);
    }
    assertThat(facts).containsEntry("os-caption", "Microsoft Windows Server 2019 Standard")
        .containsEntry("os-version", "10.0.17763")
        .containsEntry("os-build", "17763")
        .containsEntry("service-pack", "0.0")
        .containsEntry("architecture", "64-bit")
        .containsEntry("install-date", "2023-04-12T09:30:15+02:00")
        .containsEntry("last-boot", "2026-11-30T06:12:44+01:00")
        .containsEntry("hostname", "fakewin01")
        .containsEntry("domain", "PLANT.EXAMPLE")
        .containsEntry("manufacturer", "Siemens AG")
        .containsEntry("model", "SIMATIC IPC647E")
        .containsEntry("bios-serial", "SVPL4711C0815")
        .containsEntry("mac", "00:1b:1b:4a:2c:10")
        .containsEntry("hotfixes", "KB5020374, KB5034127, KB5043050")
        .doesNotContainKey("workgroup");
    JsonNode adapters = new ObjectMapper().readTree(facts.get("adapters"));
    assertThat(adapters).hasSize(2);
    assertThat(adapters.get(0).get("mac").asText()).isEqualTo("00:1b:1b:4a:2c:10");
    assertThat(adapters.get(0).get("addresses").toString()).contains("10.20.30.41", ADDRESS);
    assertThat(adapters.get(1).get("description").asText()).isEqualTo("Intel(R) I210 Gigabit Network Connection #2");

    JsonNode software = new ObjectMapper().readTree(facts.get("software"));
    assertThat(software).as("entries with a DisplayName, both views, sorted by name").hasSize(5);
    assertThat(software.findValuesAsText("name")).containsExactly("7-Zip 23.01 (x64)",
        "Microsoft Visual C++ 2019 X64 Minimum Runtime - 14.29.30133", "Notepad++ (32-bit x86)",
        "Rockwell FactoryTalk Linx", "SIMATIC WinCC Runtime Advanced V17");
    ObjectNode sevenZip = (ObjectNode) software.get(0);
    assertThat(sevenZip.toString()).isEqualTo("{\"name\":\"7-Zip 23.01 (x64)\",\"version\":\"23.01\","
        + "\"publisher\":\"Igor Pavlov\",\"installed\":\"2024-01-15\",\"view\":\"64-bit\"}");
    assertThat(software.get(3).get("view").asText()).isEqualTo("32-bit");
    assertThat(software.get(2).has("installed")).isFalse();

    assertThat(host.events()).noneMatch(e -> e.contains("Win32_Product"));
    assertThat(host.events()).filteredOn(e -> e.startsWith("ExecQuery"))
        .allMatch(e -> e.endsWith("flags 0x30"), "forward-only and return-immediately");
    assertThat(host.awaitAllClosed(java.time.Duration.ofSeconds(5))).as("both connections closed").isTrue();
    assertThat(host.connections()).hasSize(2);
    assertThat(host.connections().get(0).localPort()).isEqualTo(135);
    assertThat(host.connections().get(1).localPort()).isEqualTo(host.exporterPort());
    assertThat(host.exportedPointers()).as("every reference given back").isZero();
    // one release of every pointer handed out (login, services, five enumerators), 5 references each
    assertThat(host.events()).filteredOn(e -> e.startsWith("RemRelease")).singleElement().asString()
        .matches("RemRelease [0-9a-f-]{36}:5(,[0-9a-f-]{36}:5){6}");
    assertThat(host.events()).filteredOn(e -> e.startsWith("Next "))
        .allMatch(e -> e.contains("(timeout 5000 ms)"), "a finite timeout, never WBEM_INFINITE");
    assertThat(outcome.detail()).contains("2 connections");
  }

  @Test
  void aClassTheHostLacksCostsOnlyItsOwnFacts() throws Exception {
    JsonNode tree = HostData.defaultTree();
    java.util.Iterator<JsonNode> classes = tree.get("classes").elements();
    while (classes.hasNext()) {
      if (classes.next().get("name").asText().equals("Win32_QuickFixEngineering")) classes.remove();
    }
    try (FakeWindowsHost bare = FakeWindowsHost.start(
        FakeWindowsHost.Options.of("127.0.0.59", USER, PASSWORD).withData(HostData.parse(tree)))) {
      Outcome outcome = GatedTest.run(bare.address(), Set.of(), Limits.defaults(),
          ctx -> new WindowsHostCollector(WmiSettings.of(Credentials.parse(USER, PASSWORD))).collect(ctx));
      assertThat(outcome).isInstanceOf(Outcome.Ok.class);
      assertThat(((Outcome.Ok) outcome).facts()).extracting(Fact::attribute)
          .contains("os-caption", "software").doesNotContain("hotfixes");
      assertThat(outcome.detail()).contains("the query \"" + WindowsHostCollector.HOTFIX_QUERY
          + "\" failed: ExecQuery returned WBEM_E_INVALID_CLASS (0x80041010)");
      assertThat(bare.exportedPointers()).isZero();
    }
  }
}
