package org.otactive.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * HTML built as a tree, escaped by construction: every string given as a child is text, every
 * attribute value is quoted and escaped. Only constants of this room go in {@link #raw}. So a host
 * name such as {@code <script>} read from the network renders as those characters, never as markup.
 */
final class Html {
  private Html() {}

  /** A piece of a page. */
  sealed interface Node permits Text, Raw, Element, Fragment {
    void render(StringBuilder out);

    default String render() {
      StringBuilder sb = new StringBuilder();
      render(sb);
      return sb.toString();
    }
  }

  /** An attribute; a null value leaves it out, {@code ""} renders it bare ({@code disabled}). */
  record Attr(String name, String value) {}

  record Text(String text) implements Node {
    @Override
    public void render(StringBuilder out) {
      escape(text, out);
    }
  }

  record Raw(String html) implements Node {
    @Override
    public void render(StringBuilder out) {
      out.append(html);
    }
  }

  record Fragment(List<Node> nodes) implements Node {
    @Override
    public void render(StringBuilder out) {
      for (Node n : nodes) n.render(out);
    }
  }

  private static final java.util.Set<String> VOID = java.util.Set.of("br", "hr", "input", "meta", "link", "img");

  record Element(String tag, List<Attr> attrs, List<Node> children) implements Node {
    /** This element with an id. */
    Element withId(String id) {
      List<Attr> a = new ArrayList<>(attrs);
      a.add(new Attr("id", id));
      return new Element(tag, a, children);
    }

    /** This form, sending files ({@code enctype="multipart/form-data"}). */
    Element withMultipart() {
      List<Attr> a = new ArrayList<>(attrs);
      a.add(new Attr("enctype", "multipart/form-data"));
      return new Element(tag, a, children);
    }

    @Override
    public void render(StringBuilder out) {
      out.append('<').append(tag);
      for (Attr a : attrs) {
        if (a.value() == null) continue;
        out.append(' ').append(a.name());
        if (!a.value().isEmpty()) {
          out.append("=\"");
          escape(a.value(), out);
          out.append('"');
        }
      }
      out.append('>');
      if (VOID.contains(tag)) return;
      for (Node c : children) c.render(out);
      out.append("</").append(tag).append('>');
    }
  }

  static Attr attr(String name, String value) {
    return new Attr(name, value);
  }

  static Attr cls(String value) {
    return new Attr("class", value);
  }

  /** An attribute present only when {@code on}: {@code checked}, {@code disabled}, {@code required}. */
  static Attr flag(String name, boolean on) {
    return new Attr(name, on ? "" : null);
  }

  /**
   * An element; each part is an {@link Attr}, a {@link Node}, a collection of nodes, a string
   * (text, escaped) or null (nothing).
   */
  static Element el(String tag, Object... parts) {
    List<Attr> attrs = new ArrayList<>();
    List<Node> children = new ArrayList<>();
    for (Object p : parts) add(p, attrs, children);
    return new Element(tag, attrs, children);
  }

  private static void add(Object p, List<Attr> attrs, List<Node> children) {
    switch (p) {
      case null -> { }
      case Attr a -> attrs.add(a);
      case Node n -> children.add(n);
      case Collection<?> c -> c.forEach(x -> add(x, attrs, children));
      case Object[] arr -> { for (Object x : arr) add(x, attrs, children); }
      default -> children.add(new Text(String.valueOf(p)));
    }
  }

  static Fragment all(Object... parts) {
    List<Attr> ignored = new ArrayList<>();
    List<Node> children = new ArrayList<>();
    for (Object p : parts) add(p, ignored, children);
    if (!ignored.isEmpty()) throw new IllegalArgumentException("attributes outside an element");
    return new Fragment(children);
  }

  static Text text(String s) {
    return new Text(s == null ? "" : s);
  }

  /** Markup written in this room (never anything a user or the network gave). */
  static Raw raw(String html) {
    return new Raw(html);
  }

  static void escape(String s, StringBuilder out) {
    if (s == null) return;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    escape(s, sb);
    return sb.toString();
  }
}
