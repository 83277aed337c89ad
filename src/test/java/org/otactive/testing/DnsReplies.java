package org.otactive.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiConsumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/** Builds replies for scripted servers and codec tests. */
public final class DnsReplies {
  private DnsReplies() {}

  public static Message parse(byte[] query) {
    try {
      return new Message(query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A response to {@code query} with the given rcode and answer records added by {@code answers}. */
  public static byte[] reply(byte[] query, int rcode, BiConsumer<Message, Name> answers) {
    Message q = parse(query);
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.AA);
    r.getHeader().setRcode(rcode);
    r.addRecord(q.getQuestion(), Section.QUESTION);
    if (answers != null) answers.accept(r, q.getQuestion().getName());
    return r.toWire();
  }

  /** A NOERROR reply with PTRs to the given names. */
  public static byte[] ptr(byte[] query, String... names) {
    return reply(query, Rcode.NOERROR, (r, qname) -> {
      for (String n : names) r.addRecord(new PTRRecord(qname, DClass.IN, 300, name(n)), Section.ANSWER);
    });
  }

  public static List<byte[]> one(byte[] b) {
    return List.of(b);
  }
}
