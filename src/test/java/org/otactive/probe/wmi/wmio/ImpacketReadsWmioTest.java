package org.otactive.probe.wmi.wmio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An independent reader: Debian's python3-impacket parses what {@link WmioEncoder} writes (the fake
 * Windows host serves these encodings to impacket's wmiquery.py) and reads the same classes,
 * methods and values.
 *
 * <p>What impacket does not read is left out, each named where it is: values that take a class
 * default (impacket shows None for them), arrays of datetimes, references, booleans and char16
 * (it reads heap offsets or raw octets for those), embedded objects (it returns a structure), and
 * non-NULL real32/real64 scalars, which make impacket fail on the whole instance ("slice indices
 * must be integers": it indexes its heap with the float), as {@link #impacketFailsOnARealScalar}
 * shows. A fake host that impacket must read serves no real scalars.
 */
class ImpacketReadsWmioTest {
  static Path script;
  static Process python;
  static Writer toPython;
  static BufferedReader fromPython;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startImpacket() throws IOException {
    script = Files.createTempFile("impacket-wmio-read", ".py");
    try (InputStream in = ImpacketReadsWmioTest.class.getResourceAsStream("impacket-wmio-read.py")) {
      Files.write(script, in.readAllBytes());
    }
    python = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    toPython = new OutputStreamWriter(python.getOutputStream(), StandardCharsets.US_ASCII);
    fromPython = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopImpacket() throws Exception {
    toPython.close();
    assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).isZero();
    Files.deleteIfExists(script);
  }

  static JsonNode impacketReads(WmiObject o) throws IOException {
    toPython.write(HexFormat.of().formatHex(WmioEncoder.encode(o)) + "\n");
    toPython.flush();
    String line = fromPython.readLine();
    assertThat(line).as("impacket's answer").isNotNull();
    return JSON.readTree(line);
  }

  /** A class with a property of every CIM type, scalar and array, some with defaults. */
  static WmiClass allTypes() {
    WmiClass.Builder b = WmiClass.builder("Otactive_AllTypes").qualifier(Qualifier.flag("dynamic", 0))
        .property("Name", CimType.STRING, Qualifier.flag("key", Qualifier.FLAVOR_TO_INSTANCE));
    for (CimBaseType t : CimBaseType.values()) {
      b.property("S_" + t.mofName(), CimType.of(t));
      b.property("A_" + t.mofName(), CimType.of(t).asArray());
    }
    return b.property("Status", CimType.STRING, CimValue.string("OK")).build();
  }

  static WmiInstance everyValue() {
    WmiClass c = allTypes();
    WmiInstance embedded = WmiInstance.of(WmiClass.builder("Otactive_Part").property("N", CimType.UINT8).build())
        .with("N", 7);
    return WmiInstance.of(c).with("Name", "all").with("S_sint8", -8).with("S_uint8", 200).with("S_sint16", -16000)
        .with("S_uint16", 65000).with("S_sint32", -2_000_000_000).with("S_uint32", 4_000_000_000L)
        .with("S_sint64", Long.MIN_VALUE).with("S_uint64", "18446744073709551615").with("S_boolean", true)
        .with("S_string", "Gr\u00fc\u00dfe, \u263a")
        .with("S_datetime", "20240131235959.123456+060").with("S_ref", "Win32_Service.Name=\"Spooler\"")
        .with("S_char16", 'Z').with("S_object", embedded)
        .with("A_sint8", List.of(-1, 2)).with("A_uint8", List.of(0, 255)).with("A_sint16", List.of(-3))
        .with("A_uint16", List.of(1, 2, 3)).with("A_sint32", List.of(-5, 6)).with("A_uint32", List.of())
        .with("A_sint64", List.of(Long.MAX_VALUE)).with("A_uint64", List.of(1, 2)).with("A_real32", List.of(0.5f))
        .with("A_real64", List.of(1e300, -0.0)).with("A_boolean", List.of(true, false))
        .with("A_string", List.of("a", "", "\u00e9t\u00e9", "\u4e2d"))
        .with("A_datetime", List.of("20000101000000.000000+000")).with("A_ref", List.of("X.K=1"))
        .with("A_char16", List.of('a')).with("A_object", List.of(embedded, embedded)).withNull("A_uint32");
  }

  @Test
  void impacketReadsAnInstanceOfEveryTypeAsWeWroteIt() throws Exception {
    JsonNode v = impacketReads(everyValue()).get("values");
    assertThat(v.get("Name").asText()).isEqualTo("all");
    assertThat(v.get("S_sint8").asLong()).isEqualTo(-8);
    assertThat(v.get("S_uint8").asLong()).isEqualTo(200);
    assertThat(v.get("S_sint16").asLong()).isEqualTo(-16000);
    assertThat(v.get("S_uint16").asLong()).isEqualTo(65000);
    assertThat(v.get("S_sint32").asLong()).isEqualTo(-2_000_000_000);
    assertThat(v.get("S_uint32").asLong()).isEqualTo(4_000_000_000L);
    assertThat(v.get("S_sint64").asLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(v.get("S_uint64").bigIntegerValue().toString()).isEqualTo("18446744073709551615");
    assertThat(v.get("S_real32").isNull()).isTrue();
    assertThat(v.get("S_boolean").asText()).isEqualTo("True");
    assertThat(v.get("S_string").asText()).isEqualTo("Gr\u00fc\u00dfe, \u263a");
    assertThat(v.get("S_datetime").asText()).isEqualTo("20240131235959.123456+060");
    assertThat(v.get("S_ref").asText()).isEqualTo("Win32_Service.Name=\"Spooler\"");
    assertThat(v.get("S_char16").asLong()).isEqualTo('Z');
    assertThat(v.get("S_object").asText()).startsWith("<"); // a structure, not a value
    assertThat(longs(v.get("A_sint8"))).containsExactly(-1L, 2L);
    assertThat(longs(v.get("A_uint8"))).containsExactly(0L, 255L);
    assertThat(longs(v.get("A_sint16"))).containsExactly(-3L);
    assertThat(longs(v.get("A_uint16"))).containsExactly(1L, 2L, 3L);
    assertThat(longs(v.get("A_sint32"))).containsExactly(-5L, 6L);
    assertThat(v.get("A_uint32").isNull()).isTrue();
    assertThat(longs(v.get("A_sint64"))).containsExactly(Long.MAX_VALUE);
    assertThat(longs(v.get("A_uint64"))).containsExactly(1L, 2L);
    assertThat(v.get("A_real32").get(0).asDouble()).isEqualTo(0.5);
    assertThat(v.get("A_real64").get(0).asDouble()).isCloseTo(1e300, within(1e285));
    assertThat(v.get("A_string")).extracting(JsonNode::asText).containsExactly("a", "", "\u00e9t\u00e9", "\u4e2d");
    assertThat(v.get("A_object")).hasSize(2);
  }

  @Test
  void impacketFailsOnARealScalar() throws Exception {
    JsonNode answer = impacketReads(everyValue().with("S_real64", -2.25));
    assertThat(answer.get("error").asText()).contains("slice indices must be integers");
  }

  @Test
  void impacketReadsNullsAsNone() throws Exception {
    WmiInstance i = WmiInstance.of(allTypes()).with("Name", "nulls").withNull("S_uint32").withNull("S_string")
        .withNull("A_string").withNull("S_boolean");
    JsonNode v = impacketReads(i).get("values");
    assertThat(v.get("S_uint32").isNull()).isTrue();
    assertThat(v.get("S_string").isNull()).isTrue();
    assertThat(v.get("A_string").isNull()).isTrue();
    assertThat(v.get("S_boolean").isNull()).isTrue();
  }

  @Test
  void impacketReadsAClassWithStdRegProvMethods() throws Exception {
    WmiClass reg = WmiClass.builder("StdRegProv")
        .method(Method.builder("EnumKey").in("hDefKey", CimType.UINT32).in("sSubKeyName", CimType.STRING)
            .out("sNames", CimType.STRING.asArray()).returns(CimType.UINT32))
        .method(Method.builder("GetStringValue").in("hDefKey", CimType.UINT32).in("sSubKeyName", CimType.STRING)
            .in("sValueName", CimType.STRING).out("sValue", CimType.STRING).returns(CimType.UINT32))
        .build().withDecoration(new Decoration("WIN-FAKE", "ROOT\\default"));
    JsonNode c = impacketReads(reg);
    assertThat(c.get("name").asText()).isEqualTo("StdRegProv");
    JsonNode enumKey = c.get("methods").get("EnumKey");
    assertThat(enumKey.get("in")).extracting(JsonNode::asText).containsExactlyInAnyOrder("hDefKey", "sSubKeyName");
    assertThat(enumKey.get("out")).extracting(JsonNode::asText).containsExactlyInAnyOrder("sNames", "ReturnValue");
    JsonNode get = c.get("methods").get("GetStringValue");
    assertThat(get.get("in")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("hDefKey", "sSubKeyName", "sValueName");
    assertThat(get.get("out")).extracting(JsonNode::asText).containsExactlyInAnyOrder("sValue", "ReturnValue");
  }

  @Test
  void impacketReadsClassPropertiesWithTheirQualifiers() throws Exception {
    JsonNode c = impacketReads(allTypes());
    JsonNode props = c.get("properties");
    assertThat(props.size()).isEqualTo(allTypes().properties().size());
    assertThat(props.get("Name").get("qualifiers").get("key").asText()).isEqualTo("True");
    assertThat(props.get("S_datetime").get("type").asText()).isEqualTo("datetime");
    assertThat(props.get("A_ref").get("qualifiers").get("CIMTYPE").asText()).isEqualTo("ref");
    assertThat(props.get("S_uint64").get("qualifiers").get("CIMTYPE").asText()).isEqualTo("uint64");
  }

  static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }
}
