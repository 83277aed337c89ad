package org.otactive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.otactive.web.Html.attr;
import static org.otactive.web.Html.el;

import org.junit.jupiter.api.Test;

/** Text and attribute values are escaped by construction; only constants are raw. */
class HtmlTest {
  @Test
  void hostileTextAndAttributesRenderAsCharacters() {
    String hostile = "<script>alert('x')</script>\" onmouseover=\"x&y";
    String html = el("td", attr("title", hostile), hostile).render();
    assertThat(html).isEqualTo("<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;x&amp;y\">"
        + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;x&amp;y</td>");
  }

  @Test
  void flagsAndVoidElements() {
    assertThat(el("input", attr("name", "a"), Html.flag("checked", true), Html.flag("disabled", false)).render())
        .isEqualTo("<input name=\"a\" checked>");
    assertThat(el("p", null, "a", java.util.List.of("b", el("br"))).render()).isEqualTo("<p>ab<br></p>");
  }
}
