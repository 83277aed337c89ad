package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.wmio.CimValue;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.run.Tester;
import org.otactive.testing.GatedTest;
import org.otactive.safety.Limits;
import org.otactive.testing.fakewindows.FakeWindowsHost;
import org.otactive.testing.fakewindows.Wmiquery;

/**
 * The fake Windows host proven by an independent client: Debian's impacket example
 * {@code wmiquery.py}, run unmodified, logs in to the fake on 127.0.0.52 and runs several queries,
 * at its default level and at privacy. Every row it prints equals the fake's data and our
 * client's row for the same query, cell by cell; its output has no {@code [-]} error line (its
 * exit code is 0 even on failure). Values that come from the class part's defaults are compared
 * only between our client and the data: impacket does not read them.
 */
class ImpacketWmiqueryTest {
  static final String USER = "wmi-proof";
  static final String PASSWORD = "Imp@cket-Proof-9";
  static FakeWindowsHost host;

  /** A query, and which of the data's instances it selects, with which columns (null: all). */
  record Proof(String wql, String className, List<String> columns, Predicate<WmiInstance> where) {}

  static final List<Proof> QUERIES = List.of(
      new Proof("SELECT * FROM Win32_OperatingSystem", "Win32_OperatingSystem", null, i -> true),
      new Proof("SELECT Caption, Version, BuildNumber, OSArchitecture, ServicePackMajorVersion FROM Win32_OperatingSystem",
          "Win32_OperatingSystem", List.of("Caption", "BuildNumber", "OSArchitecture", "ServicePackMajorVersion", "Version"),
          i -> true),
      new Proof("SELECT * FROM Win32_ComputerSystem", "Win32_ComputerSystem", null, i -> true),
      new Proof("SELECT * FROM Win32_BIOS", "Win32_BIOS", null, i -> true),
      new Proof("select * from Win32_NetworkAdapterConfiguration where IPEnabled = TRUE",
          "Win32_NetworkAdapterConfiguration", null, i -> i.value("IPEnabled").asBoolean()),
      new Proof("SELECT HotFixID, Description, InstalledOn FROM Win32_QuickFixEngineering", "Win32_QuickFixEngineering",
          List.of("Description", "HotFixID", "InstalledOn"), i -> true));

  @BeforeAll
  static void start() throws Exception {
    Wmiquery.requireInstalled();
    host = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.52", USER, PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (host != null) host.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "privacy"})
  void wmiqueryPrintsTheFakesDataAsOurClientReadsIt(String level, @TempDir Path dir) throws Exception {
    Path queries = dir.resolve("queries.wql");
    Files.write(queries, QUERIES.stream().map(Proof::wql).toList());
    int eventsBefore = host.events().size();
    String out = Wmiquery.run(level, queries, USER, PASSWORD, host.address().getHostAddress());
    assertThat(out.lines().map(String::strip)).as("impacket's output:\n" + out).noneMatch(l -> l.startsWith("[-]"));
    Map<String, List<String>> printed = blocks(out);
    assertThat(printed.keySet()).containsExactlyElementsOf(QUERIES.stream().map(Proof::wql).toList());

    List<List<WmiInstance>> ours = GatedTest.run(host.address(), Set.of(), Limits.defaults(), ctx -> {
      List<List<WmiInstance>> all = new ArrayList<>();
      try (WmiSession s = WmiSession.open(ctx, WmiSettings.of(Credentials.parse(USER, PASSWORD)))) {
        for (Proof q : QUERIES) all.add(s.instances(q.wql()));
      } catch (WmiException e) {
        throw new AssertionError(e.getMessage(), e);
      }
      return all;
    });

    for (int n = 0; n < QUERIES.size(); n++) {
      Proof q = QUERIES.get(n);
      List<WmiInstance> data = host.dataInstances("root/cimv2", q.className()).stream().filter(q.where()).toList();
      List<WmiInstance> rows = ours.get(n);
      assertThat(rows).as(q.wql()).hasSize(data.size());
      for (int i = 0; i < rows.size(); i++) {
        Map<String, CimValue> expected = columns(data.get(i), q.columns());
        assertThat(rows.get(i).effectiveValues()).as("our row %d of %s against the fake's data", i, q.wql())
            .isEqualTo(expected);
      }
      List<String> lines = printed.get(q.wql());
      assertThat(lines.get(0)).as("impacket's header for " + q.wql())
          .isEqualTo(header(new ArrayList<>(rows.isEmpty() ? List.of() : rows.get(0).effectiveValues().keySet())));
      assertThat(lines.subList(1, lines.size())).as("impacket's rows for " + q.wql()).hasSize(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        assertThat(lines.get(i + 1)).as("impacket's row %d of %s", i, q.wql()).matches(rowPattern(data.get(i), rows.get(i)));
      }
    }
    // impacket starts a security context for each interface it alters the context to
    assertThat(host.events().subList(eventsBefore, host.events().size()))
        .anyMatch(e -> e.matches("NTLM logon of " + USER + " on port " + host.exporterPort() + " .*, [3-9] on this connection\\)"));
  }

  static Map<String, CimValue> columns(WmiInstance data, List<String> columns) {
    Map<String, CimValue> all = data.effectiveValues();
    if (columns == null) return all;
    Map<String, CimValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, CimValue> e : all.entrySet()) if (columns.contains(e.getKey())) out.put(e.getKey(), e.getValue());
    return out;
  }

  static String header(List<String> names) {
    StringBuilder s = new StringBuilder("|");
    for (String n : names) s.append(' ').append(n).append(" |");
    return s.toString();
  }

  /** Impacket's row as it prints it; cells that are class defaults in the data match anything. */
  static Pattern rowPattern(WmiInstance data, WmiInstance row) {
    List<String> cells = new ArrayList<>();
    for (Map.Entry<String, CimValue> e : row.effectiveValues().entrySet()) {
      cells.add(data.isDefault(e.getKey()) ? ".*?" : Pattern.quote(cell(e.getValue())));
    }
    return Pattern.compile(Pattern.quote("| ") + String.join(Pattern.quote(" | "), cells) + Pattern.quote(" |"));
  }

  /** A value as wmiquery.py prints it: Python's str(), list items each followed by a space. */
  static String cell(CimValue v) {
    if (v.isNull()) return "None";
    if (v.type().isArray()) {
      StringBuilder s = new StringBuilder();
      for (Object item : v.asList()) s.append(scalar(item)).append(' ');
      return s.toString();
    }
    return scalar(v.type().base() == org.otactive.probe.wmi.wmio.CimBaseType.BOOLEAN ? v.asBoolean() : v.text());
  }

  private static String scalar(Object o) {
    if (o instanceof Boolean b) return b ? "True" : "False";
    return String.valueOf(o);
  }

  /** The output split by query: header then rows, each line stripped. */
  static Map<String, List<String>> blocks(String out) {
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    List<String> current = null;
    for (String raw : out.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("WQL> ")) {
        current = new ArrayList<>();
        blocks.put(line.substring(5).strip(), current);
      } else if (current != null && line.startsWith("|")) {
        current.add(line);
      }
    }
    return blocks;
  }
}
