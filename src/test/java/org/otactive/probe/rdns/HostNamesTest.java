package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.otactive.testing.DnsReplies.name;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class HostNamesTest {
  @Test
  void plainNamesPassLowerCased() {
    assertThat(HostNames.sanitize(name("PLC-1.Plant_A.example."))).isEqualTo("plc-1.plant_a.example");
  }

  @Test
  void markupControlAndDotsInsideLabelsAreEscaped() throws Exception {
    Name hostile = Name.fromString("<script>alert\\0461\\000\\027</script>.example.");
    String s = HostNames.sanitize(hostile);
    assertThat(s).isEqualTo("\\060script\\062alert\\0461\\000\\027\\060\\047script\\062.example");
    assertThat(s).doesNotContain("<").doesNotContain(">").doesNotContainPattern("\\p{Cntrl}");
    // the label count is kept: the escaped dot does not split the label
    assertThat(HostNames.leadingLabels(s, 1)).isEqualTo("\\060script\\062alert\\0461\\000\\027\\060\\047script\\062");
  }

  /**
   * Read from a message, through compression pointers, a name gives the text dnsjava's reading of
   * the same bytes gives: letters lower-cased, every other byte of a label escaped.
   */
  @Test
  void aNameReadFromTheWireIsTheNameDnsjavaReads() throws Exception {
    byte[] m = {
        7, 'E', 'x', 'A', 'm', 'p', 'l', 'e', 0, // 0: "ExAmple."
        4, 'P', 'l', 'a', 'N', (byte) 0xc0, 0, // 9: "PlaN." then a pointer to 0
        5, 'H', '.', 0, '<', 'Z', (byte) 0xc0, 9, // 16: a hostile label, then a pointer to 9
    };
    for (int at : new int[] {0, 9, 16}) {
      org.xbill.DNS.DNSInput in = new org.xbill.DNS.DNSInput(m);
      in.jump(at);
      assertThat(HostNames.fromWire(m, at)).as("at %d", at).isEqualTo(HostNames.sanitize(new Name(in)));
    }
    assertThat(HostNames.fromWire(m, 16)).isEqualTo("h\\046\\000\\060z.plan.example");
    assertThat(HostNames.fromWire(new byte[] {0}, 0)).isEqualTo(".");
  }

  @Test
  void highBytesAreEscaped() throws Exception {
    Name n = new Name(new byte[] {3, (byte) 0xC3, (byte) 0xA9, (byte) 0x78, 0});
    assertThat(HostNames.sanitize(n)).isEqualTo("\\195\\169x");
  }

  @Test
  void aRelativeNameIsItsLabels() throws Exception {
    assertThat(HostNames.sanitize(Name.fromString("PLC-1.Plant"))).isEqualTo("plc-1.plant");
    assertThat(HostNames.sanitize(Name.empty)).isEqualTo(".");
  }

  @Test
  void leadingLabels() {
    assertThat(HostNames.leadingLabels("plc-1.line3.plant.example", 1)).isEqualTo("plc-1");
    assertThat(HostNames.leadingLabels("plc-1.line3.plant.example", 2)).isEqualTo("plc-1.line3");
    assertThat(HostNames.leadingLabels("plc-1.line3.plant.example", 9)).isEqualTo("plc-1.line3.plant.example");
    assertThat(HostNames.sanitize(Name.root)).isEqualTo(".");
  }
}
