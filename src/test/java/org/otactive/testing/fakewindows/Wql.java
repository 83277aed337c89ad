package org.otactive.testing.fakewindows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The WQL the fake host answers: {@code SELECT * | prop [, prop…] FROM class [WHERE prop = value
 * [AND prop = value…]]}, keywords in any case, values quoted with ' or ", or TRUE, FALSE or a
 * number. Anything else is an invalid query.
 */
record Wql(List<String> properties, String className, List<Condition> conditions) {
  /** {@code prop = value}; {@code value} as written, quotes removed. */
  record Condition(String property, String value) {}

  /** The query is not in the subset: WBEM_E_INVALID_QUERY. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  boolean selectsAll() {
    return properties.isEmpty();
  }

  static Wql parse(String query) throws Invalid {
    Tokens t = new Tokens(Objects.requireNonNull(query).strip());
    t.keyword("SELECT");
    List<String> props = new ArrayList<>();
    if (t.peekIs("*")) {
      t.next();
    } else {
      props.add(t.identifier());
      while (t.peekIs(",")) {
        t.next();
        props.add(t.identifier());
      }
    }
    t.keyword("FROM");
    String cls = t.identifier();
    List<Condition> conditions = new ArrayList<>();
    if (!t.atEnd()) {
      t.keyword("WHERE");
      do {
        String p = t.identifier();
        if (!t.peekIs("=")) throw new Invalid("only prop = value conditions are supported");
        t.next();
        conditions.add(new Condition(p, t.value()));
      } while (t.optionalKeyword("AND"));
    }
    if (!t.atEnd()) throw new Invalid("unexpected \"" + t.peek() + "\"");
    return new Wql(List.copyOf(props), cls, List.copyOf(conditions));
  }

  private static final class Tokens {
    private final List<String> tokens = new ArrayList<>();
    private int at;

    Tokens(String s) throws Invalid {
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '\'' || c == '"') {
          int end = s.indexOf(c, i + 1);
          if (end < 0) throw new Invalid("unterminated string");
          tokens.add(s.substring(i, end + 1));
          i = end + 1;
        } else if (c == ',' || c == '=' || c == '*') {
          tokens.add(String.valueOf(c));
          i++;
        } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
          int start = i;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_-.".indexOf(s.charAt(i)) >= 0)) i++;
          tokens.add(s.substring(start, i));
        } else {
          throw new Invalid("unexpected character '" + c + "'");
        }
      }
    }

    boolean atEnd() {
      return at == tokens.size();
    }

    String peek() {
      return atEnd() ? "" : tokens.get(at);
    }

    boolean peekIs(String s) {
      return peek().equals(s);
    }

    String next() throws Invalid {
      if (atEnd()) throw new Invalid("the query ends too soon");
      return tokens.get(at++);
    }

    void keyword(String k) throws Invalid {
      if (!next().equalsIgnoreCase(k)) throw new Invalid("expected " + k);
    }

    boolean optionalKeyword(String k) {
      if (peek().equalsIgnoreCase(k)) {
        at++;
        return true;
      }
      return false;
    }

    String identifier() throws Invalid {
      String s = next();
      if (!Character.isLetter(s.charAt(0)) && s.charAt(0) != '_') throw new Invalid("expected a name, got \"" + s + "\"");
      return s;
    }

    String value() throws Invalid {
      String s = next();
      char c = s.charAt(0);
      if (c == '\'' || c == '"') return s.substring(1, s.length() - 1);
      String upper = s.toUpperCase(Locale.ROOT);
      if (upper.equals("TRUE") || upper.equals("FALSE") || s.matches("-?[0-9]+")) return upper;
      throw new Invalid("expected a quoted value, TRUE, FALSE or a number, got \"" + s + "\"");
    }
  }
}
