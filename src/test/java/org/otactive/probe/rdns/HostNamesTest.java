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

  /** The longest name, every byte escaped: the text fills what a name's text can take. */
  @Test
  void theLongestNameWithEveryByteEscapedIsWrittenWhole() throws Exception {
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    StringBuilder expected = new StringBuilder();
    for (int length : new int[] {63, 63, 63, 61}) { // 250 octets in labels, 4 lengths and the root: 255
      wire.write(length);
      if (!expected.isEmpty()) expected.append('.');
      for (int i = 0; i < length; i++) {
        wire.write(0xff);
        expected.append("\\255");
      }
    }
    wire.write(0);
    byte[] m = wire.toByteArray();
    assertThat(m).hasSize(255);
    String text = HostNames.fromWire(m, 0);
    assertThat(text).hasSize(4 * 250 + 3).isEqualTo(expected.toString());
    assertThat(text).isEqualTo(HostNames.sanitize(new Name(m)));
  }

  /**
   * Through pointers a name can be longer than a name may be (the reply's check refuses it; this
   * reads what it is given): the text is still whole, and a name read after it is not disturbed.
   */
  @Test
  void aNameLongerThanAnyCheckedOneIsStillReadWhole() {
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    int previous = -1;
    for (int k = 0; k < 6; k++) { // six labels of 63 escaped bytes, each pointing back at the one before
      int at = wire.size();
      wire.write(63);
      for (int i = 0; i < 63; i++) wire.write('.');
      if (previous < 0) {
        wire.write(0);
      } else {
        wire.write(0xc0 | previous >> 8);
        wire.write(previous & 0xff);
      }
      previous = at;
    }
    byte[] m = wire.toByteArray();
    String label = "\\046".repeat(63);
    String text = HostNames.fromWire(m, previous);
    assertThat(text).isEqualTo(String.join(".", java.util.Collections.nCopies(6, label)));
    assertThat(text.length()).isGreaterThan(4 * 255);
    assertThat(HostNames.fromWire(new byte[] {2, 'O', 'k', 0}, 0)).isEqualTo("ok");
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
