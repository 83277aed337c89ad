package org.otactive.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** {@link CsvRecords} against commons-csv itself: the same text for any cells, and read back whole. */
class CsvRecordsProperties {
  /** Cells made of what a listing holds and of everything that makes commons-csv quote. */
  @Provide
  Arbitrary<List<String>> rows() {
    Arbitrary<String> cell = Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab09.-:/_#!\"', \r\n\t\u00e9\u4e2d~\u007f\\").ofMaxLength(6),
        Arbitraries.strings().alpha().numeric().withChars(".-").ofMinLength(1).ofMaxLength(20),
        Arbitraries.of("", " ", "#", "$x", "ok", "PTR from 127.0.0.1:53", "10.0.0.1", "fe80::1", "a,b", "x\"y", "tail "));
    return cell.list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 2_000)
  void printsWhatCommonsCsvPrints(@ForAll("rows") List<String> cells) throws IOException {
    StringBuilder theirs = new StringBuilder();
    new CSVPrinter(theirs, CSVFormat.DEFAULT).printRecord(cells);
    StringBuilder ours = new StringBuilder();
    CsvRecords.append(ours, cells.toArray(String[]::new));
    assertThat(ours.toString()).isEqualTo(theirs.toString());
    // As bytes, twice in a row: the second time every cell is the same text as the one above it.
    CsvRecords.Bytes bytes = new CsvRecords.Bytes();
    CsvRecords.append(bytes, cells.toArray(String[]::new));
    CsvRecords.append(bytes, cells.toArray(String[]::new));
    java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
    bytes.writeTo(written);
    assertThat(written.toByteArray()).isEqualTo((theirs.toString() + theirs).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(bytes.size()).isZero();
    try (CSVParser parser = CSVParser.parse(ours.toString(), CSVFormat.DEFAULT)) {
      List<CSVRecord> back = parser.getRecords();
      assertThat(back).hasSize(1);
      assertThat(back.get(0).toList()).isEqualTo(cells);
    }
  }

  /** Rows whose cells are sometimes the text above them and sometimes not, in rows of different widths. */
  @Property(tries = 300)
  void rowAfterRowPrintsWhatCommonsCsvPrints(@ForAll("rows") List<String> a, @ForAll("rows") List<String> b)
      throws IOException {
    List<List<String>> rows = List.of(a, b, a, a, b);
    StringBuilder theirs = new StringBuilder();
    CSVPrinter printer = new CSVPrinter(theirs, CSVFormat.DEFAULT);
    CsvRecords.Bytes bytes = new CsvRecords.Bytes();
    for (List<String> row : rows) {
      printer.printRecord(row);
      CsvRecords.append(bytes, row.toArray(String[]::new));
    }
    assertThat(bytes.toString()).isEqualTo(theirs.toString());
  }

  /**
   * A printer gives what commons-csv's printer with a header gives, null cells included (first or
   * not), over more than one hand-over to the writer.
   */
  @Property(tries = 100)
  void aPrinterPrintsWhatCommonsCsvPrints(@ForAll("rows") List<String> header, @ForAll("rows") List<String> a,
      @ForAll("rows") List<String> b) throws IOException {
    List<String> withNulls = new java.util.ArrayList<>(a);
    withNulls.set(0, null);
    withNulls.add(null);
    StringBuilder theirs = new StringBuilder();
    CSVPrinter printer = new CSVPrinter(theirs, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get());
    StringBuilder ours = new StringBuilder();
    CsvRecords.Printer csv = new CsvRecords.Printer(ours, header.toArray(String[]::new));
    for (int i = 0; i < 3_000; i++) { // some 100 K characters or more: handed over in pieces
      List<String> row = i % 3 == 0 ? a : i % 3 == 1 ? b : withNulls;
      printer.printRecord(row);
      csv.print(row.toArray(String[]::new));
    }
    csv.finish();
    assertThat(ours.toString()).isEqualTo(theirs.toString());
  }

  /** Records larger than the bytes gathered so far can hold: the room grows, nothing is cut. */
  @Test
  void recordsLongerThanTheRoomAreGatheredWhole() throws IOException {
    String plain = "a".repeat(100_000);
    String quoted = "\u00e9,".repeat(50_000);
    CsvRecords.Bytes bytes = new CsvRecords.Bytes();
    CsvRecords.append(bytes, plain, quoted);
    CsvRecords.append(bytes, "x");
    StringBuilder text = new StringBuilder();
    CsvRecords.append(text, plain, quoted);
    CsvRecords.append(text, "x");
    assertThat(bytes.toString()).isEqualTo(text.toString());
  }

  @Test
  void plainCellsAreOnlyThoseCommonsCsvLeavesAlone() {
    assertThat(CsvRecords.plain("host-0-1.bench.plant.example")).isTrue();
    assertThat(CsvRecords.plain("10.200.0.1")).isTrue();
    assertThat(CsvRecords.plain("PTR from 127.0.0.1:53")).isTrue();
    for (String quoted : List.of("", " a", "a ", "#a", "!a", "a,b", "a\"b", "a\nb", "\u00e9", "a\u007f", "\u4e2d")) {
      assertThat(CsvRecords.plain(quoted)).as(quoted).isFalse();
      assertThat(CsvRecords.plain(quoted.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(quoted).isFalse();
    }
    assertThat(CsvRecords.plain("host-0-1.bench.plant.example".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
  }
}
