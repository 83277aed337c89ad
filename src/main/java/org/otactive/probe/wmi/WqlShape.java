package org.otactive.probe.wmi;

import java.util.Locale;
import java.util.regex.Pattern;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;

/**
 * Checks that a query typed for {@code otactive wmi query} has the shape of a WQL data query, the
 * kind ExecQuery answers: {@code SELECT * | PROPERTY, ... FROM CLASS [WHERE ...]}, {@code
 * ASSOCIATORS OF {PATH} [WHERE ...]} or {@code REFERENCES OF {PATH} [WHERE ...]}. A query that
 * plainly has another shape is refused before anything is sent (a typo should not cost a logon at a
 * plant's workstation); what the shape allows, the host still judges (a class it lacks, a WHERE it
 * cannot parse). Pure.
 */
public final class WqlShape {
  private WqlShape() {}

  /** The forms accepted, for messages and help. */
  public static final String FORMS =
      "SELECT * | PROPERTY, ... FROM CLASS [WHERE ...], or ASSOCIATORS OF / REFERENCES OF {OBJECT PATH} [WHERE ...]";

  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
  private static final Pattern SELECT = Pattern.compile("(?is)SELECT\\s+(?:\\*\\s*|" + NAME + "(?:\\s*,\\s*" + NAME
      + ")*\\s+)FROM\\s+" + NAME + "(?:\\s+WHERE\\s+\\S.*)?");
  private static final Pattern OF = Pattern.compile("(?is)(?:ASSOCIATORS|REFERENCES)\\s+OF\\s*\\{[^{}]+\\}(?:\\s*WHERE\\s+\\S.*)?");
  private static final Pattern FIRST_WORD = Pattern.compile("(?s)([A-Za-z]+)\\b.*");

  /** @throws BadInputException naming the query and the forms, when it has none of them */
  public static void check(String text) {
    String q = text == null ? "" : text.strip();
    if (SELECT.matcher(q).matches() || OF.matcher(q).matches()) return;
    var first = FIRST_WORD.matcher(q);
    String word = first.matches() ? first.group(1).toUpperCase(Locale.ROOT) : "";
    String why = switch (word) {
      case "SELECT", "ASSOCIATORS", "REFERENCES" -> "not a WQL data query";
      default -> "a WQL data query starts with SELECT, ASSOCIATORS OF or REFERENCES OF";
    };
    throw new BadInputException(why + ": '" + Text.printable(q) + "' (the forms: " + FORMS + "); nothing was sent");
  }
}
