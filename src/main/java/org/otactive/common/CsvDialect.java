package org.otactive.common;

/**
 * What a CSV file a user brings is separated by. Spreadsheets save "CSV" with semicolons where the
 * decimal mark is a comma (Excel in German or French, say) and exports of some tools use tabs; the
 * header line tells which, as it holds no quoted text with separators in practice.
 */
public final class CsvDialect {
  private CsvDialect() {}

  /** The delimiter a header line uses: the most frequent of comma, semicolon and tab (comma on a tie). */
  public static char delimiter(String headerLine) {
    char best = ',';
    long most = -1;
    for (char c : new char[] {',', ';', '\t'}) {
      long n = headerLine.chars().filter(x -> x == c).count();
      if (n > most) {
        most = n;
        best = c;
      }
    }
    return best;
  }

  /** The first line of {@code text}, without its line end. */
  public static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).replace("\r", "");
  }
}
